import { createServer } from 'node:net'

/** A loopback port nobody listens on now, for servers that want one on their command line. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

/** Polls `url` until it answers at all (any status), or gives up after `ms`. */
export async function waitForHttp(url: string, ms: number, exited?: () => string | undefined): Promise<void> {
  const deadline = Date.now() + ms
  for (;;) {
    const why = exited?.()
    if (why) throw new Error(`${url}: the server exited before it listened: ${why}`)
    try {
      const response = await fetch(url)
      await response.body?.cancel()
      return
    } catch {
      if (Date.now() > deadline) throw new Error(`${url} did not answer within ${ms} ms`)
      await new Promise((r) => setTimeout(r, 100))
    }
  }
}
