import { createHash } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RegistryStore } from '../registry-store.ts'

const BLOB = Buffer.alloc(64 * 1024, 7)
const DIGEST = `sha256:${createHash('sha256').update(BLOB).digest('hex')}`

/** A registry on loopback that stalls: mid-blob, or before answering a manifest at all. */
describe('RegistryStore against a registry that stalls', () => {
  let server: Server
  let host: string
  let manifestRequests = 0

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url?.includes('/manifests/')) {
        manifestRequests++
        return // never answers
      }
      if (req.url?.endsWith(`/blobs/${DIGEST}`)) {
        res.writeHead(200, { 'content-length': String(BLOB.length) })
        res.write(BLOB.subarray(0, 1000)) // then nothing more
        return
      }
      if (req.url?.endsWith('/blobs/sha256:whole')) {
        res.end(BLOB)
        return
      }
      res.writeHead(404)
      res.end()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    host = `127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })

  const store = () =>
    new RegistryStore({
      host,
      repository: 'acme/app',
      signal: new AbortController().signal,
      secret: () => {},
      attempts: 2,
      idleMs: 300,
    })

  it('fails a blob that stops flowing, naming the wait', async () => {
    const body = await store().openBlob(
      { mediaType: 'x', digest: DIGEST, size: BLOB.length },
      new AbortController().signal,
    )
    const read = (async () => {
      for await (const _ of body) {
        // drain
      }
    })()
    await expect(read).rejects.toThrow(/no data for 0\.3 s/)
  })

  it('retries a manifest request that gets no answer, then reports the timeout', async () => {
    manifestRequests = 0
    await expect(store().getManifest('1.0.0')).rejects.toThrow(/no data for 0\.3 s/)
    expect(manifestRequests).toBe(2)
  })

  it('streams a blob that keeps flowing', async () => {
    const body = await store().openBlob(
      { mediaType: 'x', digest: 'sha256:whole', size: BLOB.length },
      new AbortController().signal,
    )
    let bytes = 0
    for await (const chunk of body) bytes += (chunk as Buffer).length
    expect(bytes).toBe(BLOB.length)
  })
})
