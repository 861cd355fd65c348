// A real Docker Engine for the tests that need one. When `docker info` fails, dockerd is started in
// the background the way this machine allows it (no bridge, no iptables: every test container uses
// `network_mode: host` and is reached on 127.0.0.1 only), and left running for the other test files.
// Several test files may call this at once: a lock directory makes only one of them start it.
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, openSync, rmSync } from 'node:fs'
import { mkdtemp, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

const LOCK = path.join(os.tmpdir(), 'postflight-dockerd.lock')
const LOG = path.join(os.tmpdir(), 'postflight-dockerd.log')

function dockerUp(): boolean {
  return (
    spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { stdio: 'ignore', timeout: 10_000 })
      .status === 0
  )
}

/** Makes sure a Docker Engine answers; throws with dockerd's log path when it cannot be started. */
export async function ensureDocker(timeoutMs = 60_000): Promise<void> {
  if (dockerUp()) return
  let owner = false
  try {
    mkdirSync(LOCK)
    owner = true
  } catch {
    // another test file is starting it: wait below
  }
  if (owner) {
    const log = openSync(LOG, 'a')
    const child = spawn('dockerd', ['--bridge=none', '--iptables=false', '--ip-masq=false'], {
      detached: true,
      stdio: ['ignore', log, log],
    })
    child.on('error', () => {})
    child.unref()
  }
  const deadline = Date.now() + timeoutMs
  try {
    while (Date.now() < deadline) {
      if (dockerUp()) return
      await new Promise((r) => setTimeout(r, 500))
    }
  } finally {
    if (owner) rmSync(LOCK, { recursive: true, force: true })
  }
  throw new Error(`the Docker Engine did not answer within ${timeoutMs} ms; see ${LOG}`)
}

/**
 * Builds an image FROM scratch holding busybox (its applets linked under /bin) and the given files;
 * nothing is pulled. `extra` lines go after the COPY lines (USER, HEALTHCHECK, CMD, LABEL…).
 */
export async function buildBusyboxImage(
  tag: string,
  files: Record<string, string | Buffer> = {},
  extra: string[] = [],
): Promise<void> {
  await ensureDocker()
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pf-image-'))
  const copy = ['COPY busybox /bin/busybox', 'RUN ["/bin/busybox", "--install", "-s", "/bin"]']
  for (const [dest, content] of Object.entries(files)) {
    const local = path.join('files', dest.replace(/^\/+/, ''))
    mkdirSync(path.dirname(path.join(dir, local)), { recursive: true })
    await writeFile(path.join(dir, local), content, { mode: 0o755 })
    copy.push(`COPY ${local} ${dest}`)
  }
  const busybox = spawnSync('cp', ['/bin/busybox', path.join(dir, 'busybox')])
  if (busybox.status !== 0) throw new Error('busybox is missing: apt-get install busybox-static')
  await writeFile(path.join(dir, 'Dockerfile'), ['FROM scratch', ...copy, ...extra, ''].join('\n'))
  const built = spawnSync('docker', ['build', '-q', '-t', tag, dir], { encoding: 'utf8', timeout: 120_000 })
  rmSync(dir, { recursive: true, force: true })
  if (built.status !== 0) throw new Error(`docker build ${tag} failed: ${built.stderr}`)
}
