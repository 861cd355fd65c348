import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { NODE24, REPO } from '../helpers/paths.ts'
import { freePort, waitForHttp } from './free-port.ts'

const exec = promisify(execFile)
// npm is npm.cmd on Windows, which Node only starts through a shell.
const npm = (args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }) =>
  exec('npm', args, { ...options, shell: process.platform === 'win32' })

/**
 * A real verdaccio on loopback, with no uplinks (nothing leaves the machine) and its storage in a
 * temporary folder. It needs Node ≥ 22, hence the provisioned Node 24.
 */
export class Verdaccio {
  url = ''
  #dir = ''
  #child: ChildProcess | undefined
  #token = ''

  async start(): Promise<void> {
    this.#dir = await mkdtemp(path.join(os.tmpdir(), 'verdaccio-'))
    const port = await freePort()
    this.url = `http://127.0.0.1:${port}`
    const config = [
      `storage: ${path.join(this.#dir, 'storage')}`,
      'auth:',
      '  htpasswd:',
      `    file: ${path.join(this.#dir, 'htpasswd')}`,
      'uplinks: {}',
      'packages:',
      // A private scope, as on a company registry: reading it needs a token too.
      "  '@private/*':",
      '    access: $authenticated',
      '    publish: $authenticated',
      "  '**':",
      '    access: $all',
      '    publish: $authenticated',
      'log: { type: stdout, format: pretty, level: warn }',
      '',
    ].join('\n')
    const configPath = path.join(this.#dir, 'config.yaml')
    await writeFile(configPath, config)
    const bin = path.join(REPO, 'node_modules/verdaccio/bin/verdaccio')
    let output = ''
    const child = spawn(NODE24, [bin, '--config', configPath, '--listen', `127.0.0.1:${port}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    this.#child = child
    child.stdout?.on('data', (d: Buffer) => {
      output += d.toString()
    })
    child.stderr?.on('data', (d: Buffer) => {
      output += d.toString()
    })
    await waitForHttp(`${this.url}/-/ping`, 30_000, () =>
      child.exitCode === null ? undefined : `exit ${child.exitCode}: ${output}`,
    )
    this.#token = await this.#addUser('postflight', 'postflight-test-password')
  }

  /** Creates a user the way `npm adduser` does and returns its token. */
  async #addUser(name: string, password: string): Promise<string> {
    const response = await fetch(`${this.url}/-/user/org.couchdb.user:${name}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, password, type: 'user', roles: [], date: new Date().toISOString() }),
    })
    const body = (await response.json()) as { token?: string }
    if (!response.ok || !body.token)
      throw new Error(`adduser: HTTP ${response.status} ${JSON.stringify(body)}`)
    return body.token
  }

  /** `npm pack` a package made on the fly, then `npm publish` the tarball; returns its path. */
  async packAndPublish(name: string, version: string, outDir: string): Promise<string> {
    const pkgDir = path.join(this.#dir, 'src', `${name.replace(/[@/]/g, '_')}-${version}`)
    await mkdir(pkgDir, { recursive: true })
    await writeFile(path.join(pkgDir, 'package.json'), JSON.stringify({ name, version, main: 'index.js' }))
    await writeFile(path.join(pkgDir, 'index.js'), `module.exports = ${JSON.stringify(version)}\n`)
    const { stdout } = await npm(['pack', '--json', '--pack-destination', outDir], { cwd: pkgDir })
    const [packed] = JSON.parse(stdout) as Array<{ filename: string }>
    if (!packed) throw new Error(`npm pack printed no file: ${stdout}`)
    const tarball = path.join(outDir, packed.filename)
    const userconfig = path.join(this.#dir, 'npmrc')
    const host = this.url.replace(/^http:/, '')
    await writeFile(userconfig, `${host}/:_authToken=${this.#token}\n`)
    await npm(['publish', tarball, '--registry', `${this.url}/`, '--userconfig', userconfig], {
      cwd: outDir,
      env: { ...process.env, npm_config_provenance: 'false' },
    })
    return tarball
  }

  /** The token of the user every package is published as. */
  get token(): string {
    return this.#token
  }

  async stop(): Promise<void> {
    const child = this.#child
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await exited
    }
    if (this.#dir) await rm(this.#dir, { recursive: true, force: true })
  }
}
