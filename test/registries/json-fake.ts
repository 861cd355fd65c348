import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export type Handler = (
  path: string,
  req: IncomingMessage,
) => { status: number; body?: unknown; headers?: Record<string, string> }

/**
 * A loopback HTTP server answering GETs with JSON from a handler, for registries that cannot run
 * here (PyPI, crates.io). `failNext` answers the next requests with an error status instead, as a
 * registry under load does; every request is recorded for assertions on what was sent.
 */
export class JsonFake {
  url = ''
  readonly requests: Array<{ path: string; headers: IncomingMessage['headers'] }> = []
  #server: Server | undefined
  #failures: number[] = []
  readonly #handler: Handler

  constructor(handler: Handler) {
    this.#handler = handler
  }

  failNext(...statuses: number[]): void {
    this.#failures.push(...statuses)
  }

  async start(): Promise<void> {
    this.#server = createServer((req, res) => this.#serve(req, res))
    await new Promise<void>((resolve) => this.#server?.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`
  }

  #serve(req: IncomingMessage, res: ServerResponse): void {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    this.requests.push({ path, headers: req.headers })
    const failure = this.#failures.shift()
    const answer = failure ? { status: failure, body: { message: 'try again' } } : this.#handler(path, req)
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers })
    res.end(answer.body === undefined ? '' : JSON.stringify(answer.body))
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()))
  }
}
