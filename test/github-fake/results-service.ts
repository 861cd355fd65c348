import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

const SERVICE = '/twirp/github.actions.results.api.v1.ArtifactService/'
const RUN = 'c0ffee00-0000-4000-8000-000000000001'
const JOB = 'c0ffee00-0000-4000-8000-000000000002'

export interface FakeArtifact {
  name: string
  /** The zip as uploaded. */
  zip: Buffer
  /** Default: the sha256 of `zip`, as the service records it at upload. */
  digest?: string
}

/**
 * A loopback Actions results service, the two Twirp calls @actions/artifact makes to download an
 * artifact of the current run (ListArtifacts, GetSignedArtifactURL), and the signed blob URL.
 * `env` is what the runner gives a step: a runtime token whose `scp` names the run and job.
 */
export class ResultsServiceFake {
  url = ''
  readonly requests: string[] = []
  readonly #artifacts: FakeArtifact[]
  readonly #server: Server

  constructor(artifacts: FakeArtifact[]) {
    this.#artifacts = artifacts
    this.#server = createServer((req, res) => void this.#handle(req, res))
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`
    return this
  }

  close(): Promise<void> {
    this.#server.closeAllConnections()
    return new Promise((resolve) => this.#server.close(() => resolve()))
  }

  get env(): Record<string, string> {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
    const token = `${part({ alg: 'none', typ: 'JWT' })}.${part({ scp: `Actions.GenericRead Actions.Results:${RUN}:${JOB}` })}.x`
    return { ACTIONS_RUNTIME_TOKEN: token, ACTIONS_RESULTS_URL: `${this.url}/` }
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url)
    this.requests.push(`${req.method} ${url.pathname}`)
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body =
      chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>) : {}
    const blob = /^\/blob\/(\d+)$/.exec(url.pathname)
    if (blob) {
      const artifact = this.#artifacts[Number(blob[1])]
      if (!artifact) return void res.writeHead(404).end()
      res.writeHead(200, { 'content-type': 'application/zip', 'content-length': artifact.zip.length })
      return void res.end(artifact.zip)
    }
    const json = (value: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(value))
    }
    if (url.pathname === `${SERVICE}ListArtifacts`) {
      const name = body.name_filter ?? body.nameFilter
      const id = body.id_filter ?? body.idFilter
      const listed = this.#artifacts
        .map((a, i) => ({ a, i }))
        .filter(
          ({ a, i }) =>
            (name === undefined || a.name === name) && (id === undefined || String(i + 1) === String(id)),
        )
        .map(({ a, i }) => ({
          workflow_run_backend_id: RUN,
          workflow_job_run_backend_id: JOB,
          database_id: String(i + 1),
          name: a.name,
          size: String(a.zip.length),
          created_at: '2026-11-26T12:00:00Z',
          digest: a.digest ?? `sha256:${createHash('sha256').update(a.zip).digest('hex')}`,
        }))
      return json({ artifacts: listed })
    }
    if (url.pathname === `${SERVICE}GetSignedArtifactURL`) {
      const index = this.#artifacts.findIndex((a) => a.name === body.name)
      return json({ signed_url: `${this.url}/blob/${index}` })
    }
    res
      .writeHead(404, { 'content-type': 'application/json' })
      .end('{"code":"not_found","msg":"no such method"}')
  }
}
