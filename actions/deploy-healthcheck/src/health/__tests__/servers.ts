// Real loopback HTTP servers for the health-check tests (not mocks: the probes open real sockets).
import { createServer, type RequestListener, type Server } from 'node:http'
import { createServer as createNetServer } from 'node:net'

export interface Running {
  port: number
  close: () => Promise<void>
}

/** Starts an HTTP server on host (127.0.0.1 or ::1) and a given or free port. */
export async function serve(
  handler: RequestListener,
  host = '127.0.0.1',
  port = 0,
): Promise<Running & { server: Server }> {
  const server = createServer(handler)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen({ port, host, ipv6Only: host.includes(':') }, () => resolve())
  })
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  return {
    server,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** A port that was free a moment ago (nothing listens on it now). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const probe = createNetServer()
  await new Promise<void>((resolve) => probe.listen(0, host, () => resolve()))
  const address = probe.address()
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  if (address === null || typeof address === 'string') throw new Error('no port')
  return address.port
}
