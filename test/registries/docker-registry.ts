import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { freePort, waitForHttp } from './free-port.ts'
import { type LayoutImage, writeOciLayout } from './oci-layout.ts'

const run = promisify(execFile)

export interface TokenAuth {
  realm: string
  service: string
  issuer: string
  /** PEM of the certificate whose key signs the tokens. */
  certificate: string
}

/**
 * The distribution registry (Debian's `docker-registry`) on loopback over plain HTTP, storing in a
 * temporary folder; with `auth` it delegates to a token service, as Docker Hub and GHCR do.
 * Images are pushed with skopeo from OCI layouts written on the fly.
 */
export class DockerRegistry {
  url = ''
  host = ''
  #dir = ''
  #child: ChildProcess | undefined

  async start(auth?: TokenAuth): Promise<void> {
    this.#dir = await mkdtemp(path.join(os.tmpdir(), 'docker-registry-'))
    const port = await freePort()
    this.host = `127.0.0.1:${port}`
    this.url = `http://${this.host}`
    const lines = [
      'version: 0.1',
      'log: { level: error }',
      `storage: { filesystem: { rootdirectory: ${path.join(this.#dir, 'storage')} } }`,
      `http: { addr: "${this.host}" }`,
    ]
    if (auth) {
      const bundle = path.join(this.#dir, 'token.crt')
      await writeFile(bundle, auth.certificate)
      lines.push(
        'auth:',
        '  token:',
        `    realm: "${auth.realm}"`,
        `    service: "${auth.service}"`,
        `    issuer: "${auth.issuer}"`,
        `    rootcertbundle: "${bundle}"`,
      )
    }
    const config = path.join(this.#dir, 'config.yml')
    await writeFile(config, `${lines.join('\n')}\n`)
    let output = ''
    const child = spawn('docker-registry', ['serve', config], { stdio: ['ignore', 'pipe', 'pipe'] })
    this.#child = child
    const collect = (d: Buffer) => {
      output += d.toString()
    }
    child.stdout?.on('data', collect)
    child.stderr?.on('data', collect)
    await waitForHttp(`${this.url}/v2/`, 20_000, () =>
      child.exitCode === null ? undefined : `exit ${child.exitCode}: ${output}`,
    )
  }

  /** Writes an image (an index when several platforms) and pushes it as `name:tag`; returns its digest. */
  async push(name: string, tag: string, images: LayoutImage[], creds?: string): Promise<string> {
    const layout = await mkdtemp(path.join(this.#dir, 'layout-'))
    const digest = await writeOciLayout(layout, tag, images)
    await run('skopeo', [
      'copy',
      '--all',
      '--preserve-digests',
      '--dest-tls-verify=false',
      ...(creds ? ['--dest-creds', creds] : []),
      `oci:${layout}:${tag}`,
      `docker://${this.host}/${name}:${tag}`,
    ])
    return digest
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
