import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface SampleService {
  url: string
  close(): Promise<void>
}

/**
 * The demo's "deployed" service: a node HTTP server on 127.0.0.1 (an ephemeral port) answering
 * /healthz the way a real one does, so the health checks have something real to probe.
 */
export async function startSampleService(version = '1.4.0'): Promise<SampleService> {
  const server: Server = createServer((req, res) => {
    if (req.url === '/healthz') {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ status: 'ok', version }))
    } else if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`demo-app ${version}\n`)
    } else res.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
