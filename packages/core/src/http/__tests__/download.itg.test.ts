import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { downloadToFile } from '../download.ts'
import { fetchTransport } from '../fetch-transport.ts'
import { socketTransport } from '../socket-transport.ts'
import type { Transport } from '../transport.ts'

type Handler = (req: IncomingMessage, res: ServerResponse, hit: number) => void

const BODY = randomBytes(256 * 1024 + 17)
const HALF = Math.floor(BODY.length / 2)
const SHA256 = createHash('sha256').update(BODY).digest('hex')
const SHA512 = createHash('sha512').update(BODY).digest('hex')
const fast = { retry: { baseMs: 1, maxMs: 5 } }

let dir: string
const servers: Server[] = []

async function serve(handler: Handler): Promise<{ url: string; requests: IncomingMessage[] }> {
  const requests: IncomingMessage[] = []
  const server = createServer((req, res) => {
    requests.push(req)
    handler(req, res, requests.length)
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests }
}

/** Serves BODY, honouring `Range: bytes=N-` when `ranges` is set. */
function sendBody(req: IncomingMessage, res: ServerResponse, ranges = true): void {
  const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '')
  const from = ranges && range ? Number(range[1]) : 0
  const headers: Record<string, string | number> = { 'content-length': BODY.length - from }
  if (ranges) headers['accept-ranges'] = 'bytes'
  if (from > 0) headers['content-range'] = `bytes ${from}-${BODY.length - 1}/${BODY.length}`
  res.writeHead(from > 0 ? 206 : 200, headers)
  res.end(BODY.subarray(from))
}

/** Announces the whole body, sends half, then drops the connection. */
function dropHalfway(res: ServerResponse, ranges: boolean): void {
  res.writeHead(200, { 'content-length': BODY.length, ...(ranges ? { 'accept-ranges': 'bytes' } : {}) })
  res.write(BODY.subarray(0, HALF), () => res.socket?.destroy())
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pf-download-'))
})
afterAll(async () => {
  for (const s of servers) s.closeAllConnections()
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))))
  await rm(dir, { recursive: true, force: true })
})

let transport: Transport

async function download(url: string, options: Partial<Parameters<typeof downloadToFile>[2]> = {}) {
  const file = path.join(dir, `f-${Math.random()}`)
  const result = await downloadToFile(url, file, {
    algorithms: ['sha256', 'sha512'],
    transport,
    ...fast,
    ...options,
  })
  return { result, bytes: await readFile(file) }
}

// Every behaviour holds for both ways of sending: reading the socket ourselves (the default) and fetch
// (used when a proxy is configured).
describe.each([
  ['socket', socketTransport],
  ['fetch', fetchTransport],
])('#downloadToFile over the %s transport', (name, chosen) => {
  beforeAll(() => {
    transport = chosen
  })
  test('writes and hashes the body in one pass', async () => {
    const { url } = await serve((req, res) => sendBody(req, res))
    const progress: number[] = []
    const { result, bytes } = await download(`${url}/a`, {
      expectedSize: BODY.length,
      onProgress: (p) => progress.push(p.bytesDone),
    })
    expect(bytes.equals(BODY)).toBe(true)
    expect(result).toMatchObject({ size: BODY.length, attempts: 1, resumes: 0 })
    expect(result.digests).toEqual({ sha256: SHA256, sha512: SHA512 })
    expect(progress.at(-1)).toBe(BODY.length)
  })

  describe('when the connection drops mid-body', () => {
    test('resumes with Range where the server accepts ranges', async () => {
      const { url, requests } = await serve((req, res, hit) =>
        hit === 1 ? dropHalfway(res, true) : sendBody(req, res),
      )
      const { result, bytes } = await download(`${url}/a`, { expectedSize: BODY.length })
      expect(bytes.equals(BODY)).toBe(true)
      expect(result).toMatchObject({ attempts: 2, resumes: 1, digests: { sha256: SHA256 } })
      expect(requests[1]?.headers.range).toBe(`bytes=${HALF}-`)
    })

    test('starts again from 0 when the server does not accept ranges', async () => {
      const { url, requests } = await serve((req, res, hit) =>
        hit === 1 ? dropHalfway(res, false) : sendBody(req, res, false),
      )
      const { result, bytes } = await download(`${url}/a`)
      expect(bytes.equals(BODY)).toBe(true)
      expect(result).toMatchObject({ attempts: 2, resumes: 0, digests: { sha256: SHA256 } })
      expect(requests[1]?.headers.range).toBeUndefined()
    })

    test('starts again from 0 when a Range request is answered 200', async () => {
      const { url } = await serve((req, res, hit) =>
        hit === 1 ? dropHalfway(res, true) : sendBody(req, res, false),
      )
      const { result, bytes } = await download(`${url}/a`)
      expect(bytes.equals(BODY)).toBe(true)
      expect(result).toMatchObject({ attempts: 2, resumes: 0, digests: { sha256: SHA256 } })
    })

    test('starts again when a 206 starts elsewhere than asked', async () => {
      const { url } = await serve((req, res, hit) => {
        if (hit === 1) return dropHalfway(res, true)
        if (hit === 2) {
          res.writeHead(206, { 'content-range': `bytes 0-9/${BODY.length}`, 'accept-ranges': 'bytes' })
          return res.end(BODY.subarray(0, 10))
        }
        sendBody(req, res)
      })
      const { result, bytes } = await download(`${url}/a`)
      expect(bytes.equals(BODY)).toBe(true)
      expect(result).toMatchObject({ attempts: 3, digests: { sha256: SHA256 } })
    })
  })

  test('hashes a big download on a worker thread, resuming it after a drop', async () => {
    // From 8 MiB announced, hashing runs on a worker beside the transfer.
    const big = randomBytes(12 * 1024 * 1024 + 3)
    const { url, requests } = await serve((req, res, hit) => {
      if (hit === 1) {
        res.writeHead(200, { 'content-length': big.length, 'accept-ranges': 'bytes' })
        res.write(big.subarray(0, 5_000_000), () => res.socket?.destroy())
        return
      }
      const from = Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? '')?.[1] ?? 0)
      res.writeHead(206, {
        'content-length': big.length - from,
        'content-range': `bytes ${from}-${big.length - 1}/${big.length}`,
        'accept-ranges': 'bytes',
      })
      res.end(big.subarray(from))
    })
    const { result, bytes } = await download(`${url}/big`, { expectedSize: big.length })
    expect(bytes.equals(big)).toBe(true)
    expect(result).toMatchObject({
      size: big.length,
      attempts: 2,
      resumes: 1,
      digests: {
        sha256: createHash('sha256').update(big).digest('hex'),
        sha512: createHash('sha512').update(big).digest('hex'),
      },
    })
    expect(Number(/bytes=(\d+)-/.exec(requests[1]?.headers.range ?? '')?.[1])).toBeGreaterThan(0)
  })

  test('retries a 502 and records the attempts', async () => {
    const { url } = await serve((req, res, hit) => {
      if (hit === 1) res.writeHead(502).end('bad gateway')
      else sendBody(req, res)
    })
    const { result } = await download(`${url}/a`)
    expect(result.attempts).toBe(2)
    expect(result.digests.sha256).toBe(SHA256)
  })

  test('waits the Retry-After of a 429', async () => {
    const { url } = await serve((req, res, hit) => {
      if (hit === 1) res.writeHead(429, { 'retry-after': '1' }).end()
      else sendBody(req, res)
    })
    const started = performance.now()
    const { result } = await download(`${url}/a`, { retry: { baseMs: 1, maxMs: 5, maxRetryAfterMs: 5000 } })
    expect(performance.now() - started).toBeGreaterThanOrEqual(950)
    expect(result.attempts).toBe(2)
  })

  test('gives up at once on a 404', async () => {
    const { url, requests } = await serve((_req, res) => res.writeHead(404).end())
    await expect(download(`${url}/a`)).rejects.toMatchObject({ status: 404, code: 'NOT_FOUND', attempts: 1 })
    expect(requests).toHaveLength(1)
  })

  test('fails when the size differs from the announced one', async () => {
    const { url } = await serve((req, res) => sendBody(req, res))
    await expect(download(`${url}/a`, { expectedSize: BODY.length + 1 })).rejects.toThrow(/announced/)
  })

  test('times out a server that stops sending', async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': 100 })
      res.write('x')
    })
    await expect(download(`${url}/a`, { timeoutMs: 200, retry: { attempts: 2, baseMs: 1 } })).rejects.toThrow(
      /no data for 200 ms/,
    )
  })

  test('follows a redirect to storage and sends the token to the API origin only', async () => {
    const storage = await serve((req, res) => {
      if (req.headers.authorization !== undefined) res.writeHead(400).end('token leaked')
      else sendBody(req, res)
    })
    const api = await serve((req, res) => {
      if (req.headers.authorization !== 'Bearer t0ken') res.writeHead(401).end()
      else res.writeHead(302, { location: `${storage.url}/blob?sig=abc` }).end()
    })
    const { result, bytes } = await download(`${api.url}/asset`, {
      authorization: 'Bearer t0ken',
      authOrigin: api.url,
    })
    expect(bytes.equals(BODY)).toBe(true)
    expect(result.finalUrl).toBe(`${storage.url}/blob?sig=abc`)
    expect(storage.requests.map((r) => r.headers.authorization)).toEqual([undefined])
  })

  test('takes the bytes as stored: asks for no encoding, and never writes decoded bytes', async () => {
    const { gzipSync } = await import('node:zlib')
    const stored = gzipSync(BODY) // e.g. an object uploaded with Content-Encoding: gzip metadata
    const { url, requests } = await serve((req, res) => {
      if (req.url === '/plain') {
        // Encodes when asked to, as most servers do.
        const gzip = /gzip/.test(req.headers['accept-encoding'] ?? '')
        const bytes = gzip ? stored : BODY
        res.writeHead(200, {
          'content-length': bytes.length,
          ...(gzip ? { 'content-encoding': 'gzip' } : {}),
        })
        res.end(bytes)
      } else res.writeHead(200, { 'content-length': stored.length, 'content-encoding': 'gzip' }).end(stored)
    })
    const plain = await download(`${url}/plain`, { expectedSize: BODY.length })
    expect(plain.bytes.equals(BODY)).toBe(true)
    expect(requests[0]?.headers['accept-encoding'] ?? 'identity').toBe('identity')
    const always = await download(`${url}/always`, { retry: { attempts: 1 } }).catch((e: Error) => e)
    if (always instanceof Error) expect(always.message).toMatch(/Content-Encoding 'gzip'/)
    else expect(always.bytes.equals(stored)).toBe(true) // the socket transport: the stored bytes
    expect(always instanceof Error).toBe(name === 'fetch')
  })

  test('stops when the signal aborts', async () => {
    const { url } = await serve((_req, res) => res.writeHead(200, { 'content-length': 10 }))
    const controller = new AbortController()
    setTimeout(() => controller.abort(new Error('stop')), 50)
    await expect(download(`${url}/a`, { signal: controller.signal })).rejects.toMatchObject({
      code: 'ABORTED',
    })
  })
})
