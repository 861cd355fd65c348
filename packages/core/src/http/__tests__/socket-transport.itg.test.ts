import { execFileSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { type AddressInfo, createServer as createNetServer, type Socket } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { downloadToFile } from '../download.ts'
import { createSocketTransport, socketTransport } from '../socket-transport.ts'

const BODY = randomBytes(3 * 1024 * 1024 + 5)
const SHA256 = createHash('sha256').update(BODY).digest('hex')

let dir: string
const closers: Array<() => void> = []

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pf-socket-'))
})
afterAll(async () => {
  for (const close of closers) close()
  await rm(dir, { recursive: true, force: true })
})

async function listen(server: Server | ReturnType<typeof createNetServer>): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  closers.push(() => {
    if ('closeAllConnections' in server) server.closeAllConnections()
    server.close()
  })
  return (server.address() as AddressInfo).port
}

const serveHttp = (handler: RequestListener) => listen(createHttpServer(handler))

async function fetchTo(url: string, options: Partial<Parameters<typeof downloadToFile>[2]> = {}) {
  const file = path.join(dir, `f-${Math.random()}`)
  const result = await downloadToFile(url, file, {
    algorithms: ['sha256'],
    transport: socketTransport,
    retry: { attempts: 1 },
    ...options,
  })
  return { result, bytes: await readFile(file) }
}

describe('the socket transport', () => {
  test('reads a body sent in one write bigger than the header limit of the parser', async () => {
    // The whole body in one write: the last read after the message ends is far beyond 80 KiB.
    const port = await serveHttp((_req, res) => {
      res.writeHead(200, { 'content-length': BODY.length }).end(BODY)
    })
    const { result, bytes } = await fetchTo(`http://127.0.0.1:${port}/x`, { expectedSize: BODY.length })
    expect(bytes.equals(BODY)).toBe(true)
    expect(result.digests.sha256).toBe(SHA256)
  })

  test('reads a chunked body, dropping the chunk framing', async () => {
    const port = await serveHttp((_req, res) => {
      res.writeHead(200) // no Content-Length: Node sends Transfer-Encoding: chunked
      for (let at = 0; at < BODY.length; at += 70_001) res.write(BODY.subarray(at, at + 70_001))
      res.end()
    })
    const { result, bytes } = await fetchTo(`http://127.0.0.1:${port}/x`)
    expect(bytes.equals(BODY)).toBe(true)
    expect(result.digests.sha256).toBe(SHA256)
  })

  test('reads a body that ends with the connection', async () => {
    const server = createNetServer((socket: Socket) => {
      socket.once('data', () => {
        socket.write('HTTP/1.1 200 OK\r\nconnection: close\r\n\r\n')
        socket.end(BODY)
      })
    })
    const port = await listen(server)
    const { bytes } = await fetchTo(`http://127.0.0.1:${port}/x`)
    expect(bytes.equals(BODY)).toBe(true)
  })

  test('fails a body cut short of its Content-Length', async () => {
    const server = createNetServer((socket: Socket) => {
      socket.once('data', () => {
        socket.write(`HTTP/1.1 200 OK\r\ncontent-length: ${BODY.length}\r\n\r\n`)
        socket.end(BODY.subarray(0, 1000))
      })
    })
    const port = await listen(server)
    await expect(fetchTo(`http://127.0.0.1:${port}/x`)).rejects.toThrow(
      /failed after 1000 bytes: the connection closed before the response ended/,
    )
  })

  test('fails a response that is not HTTP, naming it', async () => {
    const server = createNetServer((socket: Socket) => {
      socket.once('data', () => socket.end('SSH-2.0-OpenSSH_9.2\r\n'))
    })
    const port = await listen(server)
    await expect(fetchTo(`http://127.0.0.1:${port}/x`)).rejects.toThrow(/not a valid HTTP response/)
  })

  test('sends the request line, Host, the given headers and Connection: close', async () => {
    let seen: Record<string, string | string[] | undefined> = {}
    let target = ''
    const port = await serveHttp((req, res) => {
      seen = req.headers
      target = req.url ?? ''
      res.writeHead(200, { 'content-length': 2 }).end('ok')
    })
    await fetchTo(`http://127.0.0.1:${port}/a/b%20c?sig=1&x=2`, {
      headers: { accept: 'application/octet-stream' },
    })
    expect(target).toBe('/a/b%20c?sig=1&x=2')
    expect(seen).toMatchObject({
      host: `127.0.0.1:${port}`,
      accept: 'application/octet-stream',
      connection: 'close',
    })
    expect(seen['accept-encoding']).toBeUndefined() // the bytes as stored, never re-encoded
  })

  describe('over TLS', () => {
    let port: number
    let ca: Buffer
    let plainPort: number
    let plainHits = 0

    beforeAll(async () => {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:P-256',
          '-nodes',
          '-keyout',
          'tls.key',
          '-out',
          'tls.pem',
          '-days',
          '2',
          '-subj',
          '/CN=localhost',
          '-addext',
          'subjectAltName=DNS:localhost',
        ],
        { cwd: dir, stdio: 'ignore' },
      )
      ca = await readFile(path.join(dir, 'tls.pem'))
      plainPort = await serveHttp((_req, res) => {
        plainHits++
        res.writeHead(200, { 'content-length': 2 }).end('ok')
      })
      const server = createHttpsServer(
        { key: await readFile(path.join(dir, 'tls.key')), cert: ca },
        (req, res) => {
          if (req.url === '/insecure')
            res.writeHead(302, { location: `http://localhost:${plainPort}/x` }).end()
          else res.writeHead(200, { 'content-length': BODY.length }).end(BODY)
        },
      )
      port = await listen(server)
    })

    test('downloads from a server whose certificate the given CA signed', async () => {
      const { result } = await fetchTo(`https://localhost:${port}/x`, {
        transport: createSocketTransport({ ca }),
      })
      expect(result.digests.sha256).toBe(SHA256)
    })

    test('checks the host name against the certificate: an IP literal it does not name is refused', async () => {
      // Same server, same trusted CA: only the name differs (the certificate names DNS:localhost only).
      await expect(
        fetchTo(`https://127.0.0.1:${port}/x`, { transport: createSocketTransport({ ca }) }),
      ).rejects.toThrow(/IP: 127\.0\.0\.1 is not in the cert's list/)
    })

    test('refuses a redirect from https to plain http, never sending it', async () => {
      await expect(
        fetchTo(`https://localhost:${port}/insecure`, { transport: createSocketTransport({ ca }) }),
      ).rejects.toThrow(/redirected to insecure http:\/\/localhost:\d+: refused/)
      expect(plainHits).toBe(0)
    })

    test('refuses a certificate no trusted CA signed', async () => {
      await expect(fetchTo(`https://localhost:${port}/x`)).rejects.toThrow(/self-signed certificate/)
    })
  })
})
