import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { FakeAttestations } from './attestation-routes.ts'
import { type AssetJsonInput, assetJson, releaseJson } from './fixtures.ts'
import { GithubOpenApi } from './openapi.ts'
import { pageOf } from './paginate.ts'
import { dropMidBody, serveBytes, sha256Hex } from './storage.ts'
import { serveWrite } from './write-gate.ts'
import { GithubWrites, type WriteRoute } from './write-routes.ts'

export interface FakeAsset {
  name: string
  data: Buffer
  /** Default `sha256:` of `data`; null as for assets uploaded before GitHub computed digests. */
  digest?: string | null
  /** Default `uploaded`; `open` is an upload that has not finished. */
  state?: 'uploaded' | 'open'
  /** The size the API announces; default the real one. */
  size?: number
}

export interface FakeRelease {
  tag: string
  draft?: boolean
  prerelease?: boolean
  assets: FakeAsset[]
  /** The release notes; PATCH replaces them. */
  body?: string
}

export interface GithubFakeOptions {
  /** Default `acme/app`. */
  repo?: string
  /** Oldest first: the last non-draft, non-prerelease one is `latest`. */
  releases: FakeRelease[]
  /** The only token the fake accepts; drafts (and a private repo) need it. */
  token?: string
  /** A token that reads like `token` but is refused every write, as a fork PR's GITHUB_TOKEN is. */
  readOnlyToken?: string
  /** Open pull requests that comments can be posted on: a number, or one with its head (`owner:branch`). */
  pulls?: Array<number | { number: number; head: { label: string; sha: string } }>
  private?: boolean
  /** Whether storage honours Range. Default true. */
  ranges?: boolean
}

/** A canned answer in place of the real one, for the next `times` requests whose path matches. */
export interface Fault {
  host: 'api' | 'storage'
  path: RegExp
  times: number
  status?: number
  headers?: Record<string, string>
  /** Storage only: send half the body, then drop the connection. */
  drop?: boolean
}

export interface SeenRequest {
  host: 'api' | 'storage'
  method?: string
  path: string
  headers: IncomingMessage['headers']
}

interface ApiRoute {
  op: string
  handle: (res: ServerResponse, auth: boolean, url: URL, req: IncomingMessage) => void
}

interface Stored {
  release: FakeRelease & { id: number; createdAt: string }
  asset: FakeAsset
  json: AssetJsonInput
}

/** Loaded once per test file: 13 MB of JSON. */
let openapi: GithubOpenApi | undefined

/**
 * A loopback GitHub REST API (releases by tag, latest, by id, lists with Link pagination, assets
 * with the 302 to a second loopback storage host) whose every JSON body is checked against GitHub's
 * OpenAPI description. A body that does not conform is recorded in `violations`: call
 * `assertConforms()` in afterEach.
 */
export class GithubFake {
  readonly requests: SeenRequest[] = []
  readonly violations: string[] = []
  readonly faults: Fault[] = []
  readonly repo: string
  /** Statuses, check runs, issues and comments the clients wrote. */
  readonly writes: GithubWrites
  /** Artifact attestations by subject digest: `fake.attestations.add('sha256:…', bundle)`. */
  readonly attestations = new FakeAttestations()
  apiUrl = ''
  storageUrl = ''
  readonly #options: GithubFakeOptions
  readonly #releases: Array<Stored['release']>
  readonly #assets = new Map<number, Stored>()
  readonly #sig = randomBytes(8).toString('hex')
  readonly #servers: Server[] = []

  constructor(options: GithubFakeOptions) {
    this.#options = options
    this.repo = options.repo ?? 'acme/app'
    this.writes = new GithubWrites(
      this.repo,
      () => openapi as GithubOpenApi,
      () => this.apiUrl,
    )
    this.writes.editRelease = (id, body) => {
      const release = this.#releases.find((r) => r.id === id)
      if (release) release.body = body
      return release && this.#releaseJson(release)
    }
    for (const p of options.pulls ?? []) {
      if (typeof p === 'number') this.writes.addPull(p)
      else this.writes.addPull(p.number, p.head)
    }
    let assetId = 5000
    this.#releases = options.releases.map((r, i) => {
      const release = { ...r, id: 1000 + i, createdAt: new Date(Date.UTC(2026, 0, 1 + i)).toISOString() }
      for (const asset of r.assets) {
        const id = assetId++
        const digest = asset.digest === undefined ? `sha256:${sha256Hex(asset.data)}` : asset.digest
        const json = {
          id,
          name: asset.name,
          size: asset.size ?? asset.data.length,
          digest,
          state: asset.state ?? 'uploaded',
          contentType: 'application/octet-stream',
        }
        this.#assets.set(id, { release, asset, json })
      }
      return release
    })
  }

  async start(): Promise<this> {
    this.apiUrl = await this.#listen((req, res) => this.#api(req, res))
    this.storageUrl = await this.#listen((req, res) => this.#storage(req, res))
    openapi ??= new GithubOpenApi()
    return this
  }

  async close(): Promise<void> {
    for (const s of this.#servers) s.closeAllConnections()
    await Promise.all(this.#servers.map((s) => new Promise((resolve) => s.close(resolve))))
  }

  /** Fails the test when any JSON the fake sent did not conform to GitHub's description. */
  assertConforms(): void {
    if (this.violations.length > 0)
      throw new Error(`the fake sent non-conforming JSON:\n${this.violations.join('\n')}`)
  }

  /** Flips one byte of an asset in storage only: the API's size and digest stay those of the original. */
  corrupt(name: string, offset = 0): void {
    for (const stored of this.#assets.values()) {
      if (stored.asset.name !== name) continue
      const data = Buffer.from(stored.asset.data)
      data[offset] = (data[offset] ?? 0) ^ 0xff
      stored.asset = { ...stored.asset, data }
    }
  }

  async #listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
    const server = createServer(handler)
    this.#servers.push(server)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  }

  #fault(host: Fault['host'], path: string): Fault | undefined {
    const fault = this.faults.find((f) => f.host === host && f.times > 0 && f.path.test(path))
    if (fault) fault.times--
    return fault
  }

  #authorized(req: IncomingMessage): boolean | 'bad' {
    const auth = req.headers.authorization
    if (auth === undefined) return false
    const ok = [this.#options.token, this.#options.readOnlyToken].some(
      (t) => t !== undefined && (auth === `Bearer ${t}` || auth === `token ${t}`),
    )
    return ok ? true : 'bad'
  }

  #canWrite(req: IncomingMessage): boolean {
    const t = this.#options.token
    return t !== undefined && req.headers.authorization === `Bearer ${t}`
  }

  #send(
    res: ServerResponse,
    op: string,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
    method = 'get',
  ): void {
    const errors = (openapi as GithubOpenApi).check(method, op, status, body)
    if (errors.length > 0)
      this.violations.push(`${method.toUpperCase()} ${op} → ${status}: ${errors.join('; ')}`)
    const text = JSON.stringify(body)
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
      'x-github-media-type': 'github.v3; format=json',
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4999',
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
      'x-ratelimit-used': '1',
      'x-ratelimit-resource': 'core',
      ...headers,
    })
    res.end(text)
  }

  #api(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.apiUrl)
    const method = (req.method ?? 'GET').toLowerCase()
    this.requests.push({ host: 'api', method, path: url.pathname + url.search, headers: req.headers })
    if (url.pathname.startsWith(`/web/${this.repo}/releases/download/`)) {
      this.#webDownload(url, res)
      return
    }
    const write = this.writes.route(method, url)
    if (write) {
      this.#write(req, res, url, write)
      return
    }
    const route = method === 'get' ? this.#route(url) : undefined
    if (!route) {
      this.violations.push(`unexpected request ${req.method} ${url.pathname}`)
      res.writeHead(404).end()
      return
    }
    const fault = this.#fault('api', url.pathname)
    if (fault) {
      const message = fault.status === 502 ? 'Server Error' : 'API rate limit exceeded'
      this.#send(res, route.op, fault.status ?? 502, { message }, fault.headers)
      return
    }
    const auth = this.#authorized(req)
    if (auth === 'bad') {
      this.#send(res, route.op, 401, { message: 'Bad credentials', status: '401' })
      return
    }
    if (this.#options.private && !auth) {
      this.#send(res, route.op, 404, { message: 'Not Found', status: '404' })
      return
    }
    route.handle(res, auth, url, req)
  }

  /** A route of the write side (and the issue and pull lists beside it), behind GitHub's gate. */
  #write(req: IncomingMessage, res: ServerResponse, url: URL, route: WriteRoute): void {
    serveWrite(req, url, route, {
      fault: this.#fault('api', url.pathname),
      auth: this.#authorized(req),
      canWrite: this.#canWrite(req),
      openapi: openapi as GithubOpenApi,
      violations: this.violations,
      reply: (status, body, headers = {}) => this.#send(res, route.op, status, body, headers, route.method),
    })
  }

  #route(url: URL): ApiRoute | undefined {
    const attestation = this.attestations.route(this.repo, url, (res, op, status, body) =>
      this.#send(res, op, status, body),
    )
    if (attestation) return attestation
    const prefix = `/repos/${this.repo}/releases`
    if (!url.pathname.startsWith(prefix)) return undefined
    const rest = url.pathname.slice(prefix.length)
    const base = '/repos/{owner}/{repo}/releases'
    const notFound = (op: string) => (res: ServerResponse) =>
      this.#send(res, op, 404, { message: 'Not Found', status: '404' })
    const one = (op: string, find: (visible: Array<Stored['release']>) => Stored['release'] | undefined) => ({
      op,
      handle: (res: ServerResponse, auth: boolean) => {
        const release = find(this.#visible(auth))
        if (release) this.#send(res, op, 200, this.#releaseJson(release))
        else notFound(op)(res)
      },
    })
    const tagMatch = /^\/tags\/(.+)$/.exec(rest)
    const idMatch = /^\/(\d+)$/.exec(rest)
    const assetsMatch = /^\/(\d+)\/assets$/.exec(rest)
    const assetMatch = /^\/assets\/(\d+)$/.exec(rest)
    if (rest === '')
      return {
        op: base,
        handle: (res, auth, u) =>
          this.#page(
            res,
            base,
            u,
            this.#visible(auth)
              .reverse()
              .map((r) => this.#releaseJson(r)),
          ),
      }
    if (rest === '/latest')
      return one(`${base}/latest`, (v) => v.filter((r) => !r.draft && !r.prerelease).at(-1))
    if (tagMatch) {
      const tag = decodeURIComponent(tagMatch[1] as string)
      return one(`${base}/tags/{tag}`, (v) => v.find((r) => r.tag === tag && !r.draft))
    }
    if (idMatch) {
      const id = Number(idMatch[1])
      return one(`${base}/{release_id}`, (v) => v.find((r) => r.id === id))
    }
    if (assetsMatch) {
      const id = Number(assetsMatch[1])
      const op = `${base}/{release_id}/assets`
      return {
        op,
        handle: (res, auth, u) => {
          const release = this.#visible(auth).find((r) => r.id === id)
          // GitHub answers an unknown release's asset list with an empty page.
          this.#page(res, op, u, release ? this.#assetsOf(release) : [])
        },
      }
    }
    if (assetMatch) {
      const op = `${base}/assets/{asset_id}`
      const stored = this.#assets.get(Number(assetMatch[1]))
      return {
        op,
        handle: (res, auth, _u, req) => {
          if (!stored || !this.#visible(auth).includes(stored.release)) return notFound(op)(res)
          if (req.headers.accept !== 'application/octet-stream') {
            return this.#send(
              res,
              op,
              200,
              assetJson(this.repo, stored.release.tag, stored.json, this.apiUrl),
            )
          }
          const location = `${this.storageUrl}/blob/${stored.json.id}/${encodeURIComponent(stored.json.name)}?sig=${this.#sig}`
          res.writeHead(302, { location, 'content-length': 0 }).end()
        },
      }
    }
    return undefined
  }

  /**
   * github.com's `browser_download_url` (here under /web on the API's port): public releases only,
   * no token, not counted against the API rate limit; redirects to storage like the asset endpoint.
   */
  #webDownload(url: URL, res: ServerResponse): void {
    const [tag, name] = url.pathname.split('/').slice(-2).map(decodeURIComponent)
    const stored = [...this.#assets.values()].find(
      (s) => s.release.tag === tag && s.asset.name === name && !s.release.draft,
    )
    if (!stored || this.#options.private) {
      res.writeHead(404).end('Not Found')
      return
    }
    const location = `${this.storageUrl}/blob/${stored.json.id}/${encodeURIComponent(stored.json.name)}?sig=${this.#sig}`
    res.writeHead(302, { location, 'content-length': 0 }).end()
  }

  #visible(auth: boolean): Array<Stored['release']> {
    return this.#releases.filter((r) => auth || !r.draft)
  }

  #assetsOf(release: Stored['release']): unknown[] {
    return [...this.#assets.values()]
      .filter((s) => s.release === release)
      .map((s) => assetJson(this.repo, release.tag, s.json, this.apiUrl))
  }

  #releaseJson(release: Stored['release']): unknown {
    const assets = [...this.#assets.values()].filter((s) => s.release === release).map((s) => s.json)
    const json = releaseJson(
      this.repo,
      { ...release, draft: !!release.draft, prerelease: !!release.prerelease, assets },
      this.apiUrl,
    )
    return release.body === undefined ? json : { ...json, body: release.body }
  }

  #page(res: ServerResponse, op: string, url: URL, items: unknown[]): void {
    const { body, link } = pageOf(items, url, this.apiUrl)
    this.#send(res, op, 200, body, link ? { link } : {})
  }

  #storage(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.storageUrl)
    this.requests.push({ host: 'storage', path: url.pathname + url.search, headers: req.headers })
    if (req.headers.authorization !== undefined) {
      // The token must never leave the API's origin.
      this.violations.push(`storage received Authorization on ${url.pathname}`)
      res.writeHead(400).end('Authorization is not accepted here')
      return
    }
    const m = /^\/blob\/(\d+)\//.exec(url.pathname)
    const stored = m ? this.#assets.get(Number(m[1])) : undefined
    if (!stored || url.searchParams.get('sig') !== this.#sig) {
      res.writeHead(403).end('bad signature')
      return
    }
    const fault = this.#fault('storage', url.pathname)
    if (fault?.drop) {
      dropMidBody(res, stored.asset.data)
      return
    }
    if (fault) {
      res.writeHead(fault.status ?? 502, fault.headers).end('storage error')
      return
    }
    serveBytes(req, res, stored.asset.data, this.#options.ranges ?? true)
  }
}

/** Starts a fake on two loopback ports (API and storage). */
export function startGithubFake(options: GithubFakeOptions): Promise<GithubFake> {
  return new GithubFake(options).start()
}
