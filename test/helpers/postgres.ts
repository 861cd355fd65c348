// A real PostgreSQL cluster for the tests: initdb into a temp dir, listening on 127.0.0.1 only, on a
// free port, with password (scram-sha-256) logins over TCP. Start it later than it is made to test
// waiting for it. The server refuses to run as root: as root (here) the cluster belongs to user
// postgres and its programs run through runuser; as anyone else (a GitHub runner) they run as that user.
// Debian's bookworm has PostgreSQL 15, Ubuntu 24.04 has 16: the newest under /usr/lib/postgresql is used.
import { existsSync, readdirSync } from 'node:fs'
import { chmod, chown, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { runProcess } from '@postflight/core'
import { freePort } from '../registries/free-port.ts'

const ROOT = '/usr/lib/postgresql'
const isRoot = process.getuid?.() === 0

/** The bin folder of the newest PostgreSQL installed (`/usr/lib/postgresql/<major>/bin`). */
function postgresBin(): string {
  let majors: number[] = []
  try {
    majors = readdirSync(ROOT)
      .map(Number)
      .filter((n) => Number.isInteger(n) && n > 0)
  } catch {
    // not installed: said below
  }
  if (majors.length === 0) throw new Error(`no PostgreSQL under ${ROOT}: apt-get install postgresql`)
  return path.join(ROOT, String(Math.max(...majors)), 'bin')
}

export interface PostgresCluster {
  host: '127.0.0.1'
  port: number
  user: 'postgres'
  password: string
  /** postgres://postgres:<password>@127.0.0.1:<port>/postgres */
  url: string
  /** Starts the server and waits until it accepts connections (pg_ctl -w). */
  start: () => Promise<void>
  /** Stops the server (fast shutdown, else immediate) whether or not start() said it started, and removes the cluster. */
  stop: () => Promise<void>
}

async function asPostgres(program: string, args: string[]): Promise<void> {
  const bin = path.join(postgresBin(), program)
  const r = isRoot
    ? await runProcess('runuser', ['-u', 'postgres', '--', bin, ...args], { timeoutMs: 120_000 })
    : await runProcess(bin, args, { timeoutMs: 120_000 })
  if (r.exitCode !== 0) throw new Error(`${program} exited ${r.exitCode}: ${r.stderr || r.stdout}`)
}

export interface PostgresOptions {
  /** Start it now (default) or leave it to `start()`. */
  start?: boolean
  /**
   * Serve TLS only: a self-signed certificate for 127.0.0.1 and localhost (made with openssl, its path
   * in `certFile`), and pg_hba accepting TCP logins over TLS alone.
   */
  tlsOnly?: boolean
  /** Extra server settings, `name=value`, passed as `-c` options. */
  settings?: string[]
}

/** Makes a cluster whose superuser `postgres` has `password`. */
export async function makePostgres(
  password: string,
  options: PostgresOptions = {},
): Promise<PostgresCluster & { certFile: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'postflight-pg-'))
  const data = path.join(dir, 'data')
  // Whatever start() reported: pg_ctl -w may give up on a server that still comes up later.
  const stop = async (): Promise<void> => {
    if (existsSync(path.join(data, 'postmaster.pid'))) {
      await asPostgres('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() =>
        asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => {}),
      )
    }
    await rm(dir, { recursive: true, force: true })
  }
  try {
    const cluster = await makeCluster(dir, data, password, options, stop)
    if (options.start ?? true) await cluster.start()
    return cluster
  } catch (err) {
    // The caller never gets the cluster to stop: the half-made one is stopped and removed here.
    await stop()
    throw err
  }
}

async function makeCluster(
  dir: string,
  data: string,
  password: string,
  options: PostgresOptions,
  stop: () => Promise<void>,
): Promise<PostgresCluster & { certFile: string }> {
  const ids = await postgresIds()
  // Owned by the user the server runs as: postgres under root, else the current user already.
  const own = (file: string) => (ids ? chown(file, ids.uid, ids.gid) : Promise.resolve())
  await own(dir)
  const pwfile = path.join(dir, 'pwfile')
  await writeFile(pwfile, `${password}\n`, { mode: 0o600 })
  await own(pwfile)
  await asPostgres('initdb', [
    '-D',
    data,
    '-U',
    'postgres',
    `--pwfile=${pwfile}`,
    '--auth-host=scram-sha-256',
    '--auth-local=peer',
    '--no-sync',
  ])
  await rm(pwfile)
  const certFile = path.join(dir, 'server.crt')
  const tlsSettings: string[] = []
  if (options.tlsOnly) {
    const key = path.join(dir, 'server.key')
    const made = await runProcess('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      certFile,
      '-days',
      '2',
      '-subj',
      '/CN=postflight test db',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ])
    if (made.exitCode !== 0) throw new Error(`openssl failed: ${made.stderr}`)
    // The server reads its key only when it is the key's owner and no one else may read it.
    await own(key)
    await chmod(key, 0o600)
    await writeFile(
      path.join(data, 'pg_hba.conf'),
      'local all all peer\nhostssl all all 127.0.0.1/32 scram-sha-256\n',
    )
    tlsSettings.push(`-c ssl=on -c ssl_cert_file=${certFile} -c ssl_key_file=${key}`)
  }
  const port = await freePort()
  const settings = (options.settings ?? []).map((x) => `-c ${x}`)
  const cluster: PostgresCluster & { certFile: string } = {
    certFile,
    host: '127.0.0.1',
    port,
    user: 'postgres',
    password,
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    start: async () => {
      await asPostgres('pg_ctl', [
        '-D',
        data,
        '-l',
        path.join(dir, 'server.log'),
        '-o',
        [`-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, ...tlsSettings, ...settings].join(
          ' ',
        ),
        '-w',
        'start',
      ])
    },
    stop,
  }
  return cluster
}

async function postgresIds(): Promise<{ uid: number; gid: number } | undefined> {
  if (!isRoot) return undefined
  const uid = await runProcess('id', ['-u', 'postgres'])
  const gid = await runProcess('id', ['-g', 'postgres'])
  // A failed id would read as 0 and hand the cluster to root, which the server refuses less clearly.
  if (uid.exitCode !== 0 || gid.exitCode !== 0)
    throw new Error(`no user postgres: ${uid.stderr}${gid.stderr}`)
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) }
}
