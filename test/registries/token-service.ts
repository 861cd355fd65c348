import { execFile } from 'node:child_process'
import { createPrivateKey, type KeyObject, randomUUID, sign, X509Certificate } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import type { TokenAuth } from './docker-registry.ts'

const run = promisify(execFile)
const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url')

/**
 * A Docker token service (https://distribution.github.io/distribution/spec/auth/token/) on loopback:
 * it signs ES256 JWTs with a key whose certificate the registry trusts (sent in `x5c`). Anyone may
 * pull a public repository; pushing, and pulling a private one, needs the Basic credentials.
 */
export class TokenService {
  url = ''
  readonly requests: Array<{ query: string; authorization: string | undefined }> = []
  readonly service = 'postflight-test-registry'
  readonly issuer = 'postflight-test-issuer'
  #server: Server | undefined
  #key: KeyObject | undefined
  #certPem = ''
  #dir = ''
  readonly #user: string
  readonly #password: string
  readonly #private: Set<string>

  constructor(options: { user: string; password: string; privateRepos: string[] }) {
    this.#user = options.user
    this.#password = options.password
    this.#private = new Set(options.privateRepos)
  }

  async start(): Promise<TokenAuth> {
    this.#dir = await mkdtemp(path.join(os.tmpdir(), 'token-service-'))
    const keyPath = path.join(this.#dir, 'key.pem')
    const certPath = path.join(this.#dir, 'cert.pem')
    const selfSigned =
      'req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=token-signer'
    await run('openssl', [...selfSigned.split(' '), '-keyout', keyPath, '-out', certPath])
    this.#key = createPrivateKey(await readFile(keyPath))
    this.#certPem = await readFile(certPath, 'utf8')
    this.#server = createServer((req, res) => {
      const body = this.#issue(req)
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
    })
    await new Promise<void>((resolve) => this.#server?.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`
    return {
      realm: `${this.url}/token`,
      service: this.service,
      issuer: this.issuer,
      certificate: this.#certPem,
    }
  }

  #issue(req: IncomingMessage): { token: string; access_token: string; expires_in: number } {
    const url = new URL(req.url ?? '/', this.url)
    this.requests.push({ query: url.search, authorization: req.headers.authorization })
    const expected = `Basic ${Buffer.from(`${this.#user}:${this.#password}`).toString('base64')}`
    const authenticated = req.headers.authorization === expected
    const access = url.searchParams.getAll('scope').flatMap((scope) => {
      const [type, name = '', actions = ''] = scope.split(':')
      if (type !== 'repository') return []
      const granted = actions
        .split(',')
        .filter((a) => authenticated || (a === 'pull' && !this.#private.has(name)))
      return [{ type, name, actions: granted }]
    })
    const now = Math.floor(Date.now() / 1000)
    const der = new X509Certificate(this.#certPem).raw
    const header = b64url(JSON.stringify({ alg: 'ES256', typ: 'JWT', x5c: [der.toString('base64')] }))
    const claims = b64url(
      JSON.stringify({
        iss: this.issuer,
        sub: authenticated ? this.#user : '',
        aud: this.service,
        exp: now + 300,
        nbf: now - 10,
        iat: now,
        jti: randomUUID(),
        access,
      }),
    )
    const signature = sign('sha256', Buffer.from(`${header}.${claims}`), {
      key: this.#key as KeyObject,
      dsaEncoding: 'ieee-p1363',
    })
    const token = `${header}.${claims}.${b64url(signature)}`
    return { token, access_token: token, expires_in: 300 }
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()))
    if (this.#dir) await rm(this.#dir, { recursive: true, force: true })
  }
}
