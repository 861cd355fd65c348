import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface SeenOciRequest {
  host: 'registry' | 'auth' | 'storage'
  path: string
  authorization: string | undefined
}

type Route = (req: IncomingMessage, res: ServerResponse) => void

const sha256 = (data: Buffer): string => `sha256:${createHash('sha256').update(data).digest('hex')}`

/**
 * Three loopback origins laid out like Docker Hub: a registry that answers 401 with a Bearer
 * challenge, its token service on another origin, and blob storage on a third that the registry
 * redirects to. Serves one Docker (schema 2) image under `repo:tag`, for what docker-registry here
 * cannot do: redirects to storage, Docker media types, a 502 now and then.
 */
export class OciFake {
  readonly requests: SeenOciRequest[] = []
  registryUrl = ''
  #authUrl = ''
  #storageUrl = ''
  readonly #servers: Server[] = []
  readonly #blobs = new Map<string, Buffer>()
  #manifest = Buffer.alloc(0)
  #token = 'fake-registry-token-0123456789'
  /** Answer the next manifest requests with 502. */
  manifestFailures = 0

  readonly repository: string
  readonly tag: string

  constructor(repository: string, tag: string) {
    this.repository = repository
    this.tag = tag
  }

  get manifestDigest(): string {
    return sha256(this.#manifest)
  }

  async start(): Promise<void> {
    this.#authUrl = await this.#listen('auth', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ token: this.#token }))
    })
    this.#storageUrl = await this.#listen('storage', (req, res) => {
      const data = this.#blobs.get(new URL(req.url ?? '/', 'http://x').pathname.slice(1))
      res.writeHead(data ? 200 : 404, { 'content-type': 'application/octet-stream' })
      res.end(data)
    })
    const config = Buffer.from(
      JSON.stringify({ os: 'linux', architecture: 'arm', variant: 'v7', rootfs: {} }),
    )
    this.#blobs.set(sha256(config), config)
    this.#manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
        config: {
          mediaType: 'application/vnd.docker.container.image.v1+json',
          size: config.length,
          digest: sha256(config),
        },
        layers: [],
      }),
    )
    this.registryUrl = await this.#listen('registry', (req, res) => this.#registry(req, res))
  }

  #registry(req: IncomingMessage, res: ServerResponse): void {
    if (req.headers.authorization !== `Bearer ${this.#token}`) {
      res.writeHead(401, {
        'www-authenticate': `Bearer realm="${this.#authUrl}/token",service="fake",scope="repository:${this.repository}:pull"`,
      })
      res.end()
      return
    }
    const path = new URL(req.url ?? '/', 'http://x').pathname
    if (path === `/v2/${this.repository}/manifests/${this.tag}`) {
      if (this.manifestFailures > 0) {
        this.manifestFailures--
        res.writeHead(502)
        res.end()
        return
      }
      res.writeHead(200, {
        'content-type': 'application/vnd.docker.distribution.manifest.v2+json',
        'docker-content-digest': this.manifestDigest,
      })
      res.end(this.#manifest)
      return
    }
    const blob = /^\/v2\/[^@]+\/blobs\/(sha256:[0-9a-f]{64})$/.exec(path)?.[1]
    if (blob && this.#blobs.has(blob)) {
      res.writeHead(307, { location: `${this.#storageUrl}/${blob}?signature=abc` })
      res.end()
      return
    }
    res.writeHead(404, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ errors: [{ code: 'MANIFEST_UNKNOWN' }] }))
  }

  async #listen(host: SeenOciRequest['host'], route: Route): Promise<string> {
    const server = createServer((req, res) => {
      this.requests.push({ host, path: req.url ?? '', authorization: req.headers.authorization })
      route(req, res)
    })
    this.#servers.push(server)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  }

  async stop(): Promise<void> {
    await Promise.all(this.#servers.map((s) => new Promise((r) => s.close(r))))
  }
}
