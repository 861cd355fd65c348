import { createHash } from 'node:crypto'
import { once } from 'node:events'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type BodyTarget, MIN_READ } from '../body-target.ts'
import { downloadToFile } from '../download.ts'
import { idleTimeout } from '../idle-timeout.ts'
import { socketTransport } from '../socket-transport.ts'

/*
 * The socket transport against servers written byte by byte: random read splits (every framing
 * boundary lands in every place of a read sooner or later), malformed and ambiguous framing,
 * interim responses, leaks and back-pressure.
 */

let dir: string
const servers: Server[] = []

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pf-hardening-'))
})
afterAll(async () => {
  for (const server of servers) server.close()
  await rm(dir, { recursive: true, force: true })
})

/** A seeded PRNG (mulberry32), so a failing seed can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function randomBody(rand: () => number, size: number): Buffer {
  const body = Buffer.allocUnsafe(size)
  for (let i = 0; i < size; i++) body[i] = (rand() * 256) | 0
  return body
}

/** A server answering every connection's first request with `answer(socket, requestHead, hit)`. */
async function rawServer(
  answer: (socket: Socket, head: string, hit: number) => unknown,
  host = '127.0.0.1',
): Promise<{ port: number; sockets: Socket[]; heads: string[] }> {
  const sockets: Socket[] = []
  const heads: string[] = []
  const server = createServer((socket) => {
    sockets.push(socket)
    socket.on('error', () => {})
    let head = ''
    const onData = (data: Buffer): void => {
      head += data.toString('latin1')
      if (!head.includes('\r\n\r\n')) return
      socket.off('data', onData)
      heads.push(head)
      // A server write may fail once the client hangs up on purpose: that is the test passing.
      Promise.resolve(answer(socket, head, heads.length)).catch(() => socket.destroy())
    }
    socket.on('data', onData)
  })
  servers.push(server)
  server.listen(0, host)
  await once(server, 'listening')
  return { port: (server.address() as AddressInfo).port, sockets, heads }
}

/** Writes `data` in random pieces (1 B to ~300 KiB, mostly small) with small random pauses. */
async function writePieces(socket: Socket, data: Buffer, rand: () => number): Promise<void> {
  socket.setNoDelay(true)
  for (let at = 0; at < data.length && !socket.destroyed; ) {
    const n = 1 + Math.floor(rand() ** 3 * 300_000)
    const piece = data.subarray(at, at + n)
    at += n
    if (!socket.write(piece)) await once(socket, 'drain')
    if (rand() < 0.2) await delay(1)
  }
  socket.end()
}

/** `body` as chunked framing with random chunk sizes, hex case and extensions. */
function chunked(body: Buffer, rand: () => number): Buffer {
  const parts: Buffer[] = []
  for (let at = 0; at < body.length; ) {
    const n = 1 + Math.floor(rand() ** 2 * 150_000)
    const piece = body.subarray(at, at + n)
    at += n
    let size = piece.length.toString(16)
    if (rand() < 0.5) size = size.toUpperCase()
    if (rand() < 0.2) size += ';ext=1'
    parts.push(Buffer.from(`${size}\r\n`), piece, Buffer.from('\r\n'))
  }
  parts.push(Buffer.from(rand() < 0.5 ? '0\r\n\r\n' : '0\r\nx-trailer: 1\r\n\r\n'))
  return Buffer.concat(parts)
}

async function download(url: string, options: Partial<Parameters<typeof downloadToFile>[2]> = {}) {
  const file = path.join(dir, `f-${Math.random()}`)
  const result = await downloadToFile(url, file, {
    algorithms: ['sha256'],
    transport: socketTransport,
    retry: { attempts: 1 },
    ...options,
  })
  return { result, bytes: await readFile(file) }
}

/** Whether the server's end of a connection closes within 2 s (events.once would reject on a reset). */
async function closed(socket: Socket | undefined): Promise<boolean> {
  if (socket && !socket.closed) {
    await Promise.race([new Promise((resolve) => socket.once('close', resolve)), delay(2000)])
  }
  return socket?.closed === true
}

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex')

describe('random read splits', () => {
  // Bounded: ~40 small downloads and 2 threaded ones take a few seconds on loopback.
  const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1)

  test.each(SEEDS)(
    'seed %i: the file and its digest are the body, with Content-Length and chunked',
    async (seed) => {
      const rand = prng(seed)
      const body = randomBody(rand, Math.floor(rand() * 700_000))
      const framedChunked = chunked(body, rand)
      const { port } = await rawServer(async (socket, head) => {
        const chunkedWanted = head.startsWith('GET /chunked')
        const headers = chunkedWanted
          ? 'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n'
          : `HTTP/1.1 200 OK\r\ncontent-length: ${body.length}\r\n\r\n`
        // Head and body in one stream split at random: some body bytes arrive with the headers.
        await writePieces(
          socket,
          Buffer.concat([Buffer.from(headers), chunkedWanted ? framedChunked : body]),
          rand,
        )
      })
      for (const kind of ['sized', 'chunked']) {
        const { result, bytes } = await download(`http://127.0.0.1:${port}/${kind}`)
        expect(bytes.length).toBe(body.length)
        expect(bytes.equals(body)).toBe(true)
        expect(result.digests.sha256).toBe(sha256(body))
      }
    },
  )

  test.each([101, 102])(
    'seed %i: a threaded download (ring of 1 MiB slots on a worker) is exact',
    async (seed) => {
      const rand = prng(seed)
      const body = randomBody(rand, 9 * 1024 * 1024 + Math.floor(rand() * 100_000))
      const { port } = await rawServer(async (socket) => {
        const head = Buffer.from('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n')
        await writePieces(socket, Buffer.concat([head, chunked(body, rand)]), rand)
      })
      const { result, bytes } = await download(`http://127.0.0.1:${port}/x`, { expectedSize: body.length })
      expect(bytes.equals(body)).toBe(true)
      expect(result.digests.sha256).toBe(sha256(body))
    },
  )

  test('an empty body, sized and chunked', async () => {
    const { port } = await rawServer((socket, head) => {
      socket.end(
        head.startsWith('GET /chunked')
          ? 'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n'
          : 'HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n',
      )
    })
    for (const kind of ['sized', 'chunked']) {
      const { result, bytes } = await download(`http://127.0.0.1:${port}/${kind}`, { expectedSize: 0 })
      expect(bytes.length).toBe(0)
      expect(result.digests.sha256).toBe(sha256(Buffer.alloc(0)))
    }
  })
})

describe('framing the server gets wrong', () => {
  const answerWith = (response: string | Buffer) => rawServer((socket) => socket.end(response))

  test('bytes after the end of the response are never written (a second response in the same write)', async () => {
    const { port } = await answerWith(
      'HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nhelloHTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nworld',
    )
    const { bytes, result } = await download(`http://127.0.0.1:${port}/x`)
    expect(bytes.toString()).toBe('hello')
    expect(result.digests.sha256).toBe(sha256(Buffer.from('hello')))
  })

  test('a server sending on past its Content-Length: the file is the announced bytes and the download ends', async () => {
    const { port, sockets } = await rawServer(async (socket) => {
      socket.write('HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nhello')
      const junk = Buffer.alloc(64 * 1024, 'j')
      while (!socket.destroyed) {
        if (!socket.write(junk)) await Promise.race([once(socket, 'drain'), once(socket, 'close')])
      }
    })
    const { bytes } = await download(`http://127.0.0.1:${port}/x`)
    expect(bytes.toString()).toBe('hello')
    expect(await closed(sockets[0])).toBe(true)
  })

  test('a chunk size that is not hex fails (it read as the last chunk, a truncated file passed)', async () => {
    const { port } = await answerWith(
      'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\nmore\r\n0\r\n\r\n',
    )
    await expect(download(`http://127.0.0.1:${port}/x`)).rejects.toThrow(/chunk size/)
  })

  test('a chunk size with trailing junk fails instead of reading its leading digits', async () => {
    const { port } = await answerWith(
      'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5x\r\nhello\r\n0\r\n\r\n',
    )
    await expect(download(`http://127.0.0.1:${port}/x`)).rejects.toThrow(/chunk size/)
  })

  test('an endless chunk size line fails before it eats memory', async () => {
    const { port } = await rawServer(async (socket) => {
      socket.write('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n')
      const zeros = Buffer.alloc(64 * 1024, '0')
      for (let i = 0; i < 64 && !socket.destroyed; i++) {
        if (!socket.write(zeros)) await once(socket, 'drain')
      }
      socket.end('1\r\nx\r\n0\r\n\r\n')
    })
    await expect(download(`http://127.0.0.1:${port}/x`)).rejects.toThrow(/line longer than/)
  })

  test('endless trailers fail', async () => {
    const { port } = await rawServer(async (socket) => {
      socket.write('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n')
      for (let i = 0; i < 20_000 && !socket.destroyed; i++) {
        if (!socket.write(`x-t${i}: ${'v'.repeat(100)}\r\n`)) await once(socket, 'drain')
      }
      socket.end('\r\n')
    })
    await expect(download(`http://127.0.0.1:${port}/x`)).rejects.toThrow(/trailer/)
  })

  test('endless response headers fail', async () => {
    const { port } = await rawServer(async (socket) => {
      socket.write('HTTP/1.1 200 OK\r\n')
      for (let i = 0; i < 100_000 && !socket.destroyed; i++) {
        if (!socket.write(`x-h${i}: ${'v'.repeat(100)}\r\n`)) await once(socket, 'drain')
      }
      socket.end()
    })
    await expect(download(`http://127.0.0.1:${port}/x`)).rejects.toThrow(/header size/)
  })

  test.each(['abc', '-1', '1e3', '0x10', '5, 5', ''])(
    'Content-Length %j fails as not valid',
    async (value) => {
      const { port } = await answerWith(`HTTP/1.1 200 OK\r\ncontent-length: ${value}\r\n\r\nhello`)
      await expect(download(`http://127.0.0.1:${port}/x`)).rejects.toThrow(/Content-Length/)
    },
  )

  test('two different Content-Length values fail', async () => {
    const { port } = await answerWith(
      'HTTP/1.1 200 OK\r\ncontent-length: 5\r\ncontent-length: 3\r\n\r\nhello',
    )
    await expect(download(`http://127.0.0.1:${port}/x`)).rejects.toThrow(/not a valid HTTP response/)
  })

  test('Transfer-Encoding with Content-Length is refused as ambiguous', async () => {
    const { port } = await answerWith(
      'HTTP/1.1 200 OK\r\ncontent-length: 5\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n',
    )
    await expect(download(`http://127.0.0.1:${port}/x`)).rejects.toThrow(
      /both Transfer-Encoding and Content-Length/,
    )
  })

  test('a Transfer-Encoding other than chunked is refused (its framing would land in the file)', async () => {
    const { port } = await answerWith(
      'HTTP/1.1 200 OK\r\ntransfer-encoding: gzip, chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n',
    )
    await expect(download(`http://127.0.0.1:${port}/x`)).rejects.toThrow(/Transfer-Encoding 'gzip, chunked'/)
  })

  test('interim 1xx responses are skipped, also when they come in reads of their own', async () => {
    const { port } = await rawServer(async (socket) => {
      socket.write('HTTP/1.1 100 Continue\r\n\r\n')
      await delay(30)
      socket.write('HTTP/1.1 103 Early Hints\r\nlink: </a>\r\n\r\n')
      await delay(30)
      socket.end('HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nhello')
    })
    const { bytes } = await download(`http://127.0.0.1:${port}/x`)
    expect(bytes.toString()).toBe('hello')
  })
})

describe('resuming', () => {
  test('a 206 that ends before the end of the file fails instead of passing a truncated file', async () => {
    const body = Buffer.alloc(1000, 'a')
    const { port } = await rawServer((socket, head) => {
      if (!head.includes('range:')) {
        socket.write('HTTP/1.1 200 OK\r\ncontent-length: 1000\r\naccept-ranges: bytes\r\n\r\n')
        socket.write(body.subarray(0, 400), () => socket.destroy())
      } else {
        socket.end(
          `HTTP/1.1 206 Partial\r\ncontent-range: bytes 400-499/1000\r\ncontent-length: 100\r\n\r\n${'a'.repeat(100)}`,
        )
      }
    })
    await expect(
      download(`http://127.0.0.1:${port}/x`, { retry: { attempts: 2, baseMs: 1, maxMs: 1 } }),
    ).rejects.toThrow(/Content-Range/)
  })

  test('a second drop resumes again after a 206 that did not repeat Accept-Ranges (it started from 0)', async () => {
    const body = randomBody(prng(7), 3000)
    const { port, heads } = await rawServer((socket, head) => {
      const from = Number(/range: bytes=(\d+)-/i.exec(head)?.[1] ?? 0)
      const cut = from === 0 ? 1000 : from === 1000 ? 2000 : 3000
      const status =
        from === 0
          ? 'HTTP/1.1 200 OK\r\naccept-ranges: bytes\r\n'
          : `HTTP/1.1 206 Partial\r\ncontent-range: bytes ${from}-2999/3000\r\n`
      socket.write(`${status}content-length: ${3000 - from}\r\n\r\n`)
      socket.write(body.subarray(from, cut), () => (cut < 3000 ? socket.destroy() : socket.end()))
    })
    const { bytes, result } = await download(`http://127.0.0.1:${port}/x`, {
      retry: { attempts: 3, baseMs: 1, maxMs: 1 },
    })
    expect(bytes.equals(body)).toBe(true)
    expect(result.digests.sha256).toBe(sha256(body))
    expect(heads.map((h) => /range: (.*)\r/i.exec(h)?.[1])).toEqual([undefined, 'bytes=1000-', 'bytes=2000-'])
    expect(result.resumes).toBe(2)
  })

  test('a 206 to a request without Range fails', async () => {
    const { port } = await rawServer((socket) => {
      socket.end('HTTP/1.1 206 Partial\r\ncontent-range: bytes 0-4/1000\r\ncontent-length: 5\r\n\r\nhello')
    })
    await expect(download(`http://127.0.0.1:${port}/x`)).rejects.toThrow(/Content-Range/)
  })
})

describe('leaks', () => {
  test('a download refused on its announced size closes the connection', async () => {
    const { port, sockets } = await rawServer((socket) => {
      socket.write('HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n') // and then nothing
    })
    await expect(download(`http://127.0.0.1:${port}/x`, { expectedSize: 5 })).rejects.toThrow(/announced/)
    expect(await closed(sockets[0])).toBe(true)
  })
})

describe('back-pressure', () => {
  test('waiting for ring room does not count as the server being idle', async () => {
    const body = Buffer.alloc(3 * MIN_READ, 7)
    const { port } = await rawServer((socket) => {
      socket.end(
        Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\ncontent-length: ${body.length}\r\n\r\n`), body]),
      )
    })
    // A target that is full once per read for longer than the idle timeout (a hashing thread behind).
    const received: Buffer[] = []
    const region = Buffer.alloc(MIN_READ)
    let full = false
    const target: BodyTarget = {
      region: () => region,
      accept: (chunk) => {
        received.push(Buffer.from(chunk))
        full = true
      },
      prepare: () => !full,
      room: () =>
        delay(300).then(() => {
          full = false
        }),
    }
    const idle = idleTimeout(150)
    try {
      const response = await socketTransport(
        new URL(`http://127.0.0.1:${port}/x`),
        new Headers(),
        idle.signal,
      )
      await response.readBody(target, idle)
    } finally {
      idle.clear()
    }
    expect(Buffer.concat(received).equals(body)).toBe(true)
  })
})

describe('aborts', () => {
  const closedSoon = async (socket: Socket | undefined): Promise<boolean> => {
    return closed(socket)
  }

  test('while waiting for the headers, the connection closes', async () => {
    const { port, sockets } = await rawServer(() => {}) // never answers
    const controller = new AbortController()
    setTimeout(() => controller.abort(new Error('stop')), 50)
    await expect(download(`http://127.0.0.1:${port}/x`, { signal: controller.signal })).rejects.toMatchObject(
      {
        code: 'ABORTED',
      },
    )
    expect(await closedSoon(sockets[0])).toBe(true)
  })

  test('mid-body, the connection closes', async () => {
    const { port, sockets } = await rawServer((socket) => {
      socket.write('HTTP/1.1 200 OK\r\ncontent-length: 1000000\r\n\r\nsome')
    })
    const controller = new AbortController()
    setTimeout(() => controller.abort(new Error('stop')), 50)
    await expect(download(`http://127.0.0.1:${port}/x`, { signal: controller.signal })).rejects.toMatchObject(
      {
        code: 'ABORTED',
      },
    )
    expect(await closedSoon(sockets[0])).toBe(true)
  })

  test('while paused for ring room, the body fails and the connection closes', async () => {
    const { port, sockets } = await rawServer((socket) => {
      socket.write(`HTTP/1.1 200 OK\r\ncontent-length: 1000000\r\n\r\n${'x'.repeat(MIN_READ)}`)
    })
    const region = Buffer.alloc(MIN_READ)
    const target: BodyTarget = {
      region: () => region,
      accept: () => {},
      prepare: () => false, // never any room
      room: () => new Promise(() => {}),
    }
    const controller = new AbortController()
    const idle = idleTimeout(60_000, controller.signal)
    const response = await socketTransport(new URL(`http://127.0.0.1:${port}/x`), new Headers(), idle.signal)
    setTimeout(() => controller.abort(new Error('stop')), 50)
    await expect(response.readBody(target, idle)).rejects.toThrow(/aborted/)
    idle.clear()
    expect(await closedSoon(sockets[0])).toBe(true)
  })
})

describe('addresses', () => {
  test('an IPv6 literal URL reaches [::1], with the Host header in brackets', async () => {
    const { port, heads } = await rawServer(
      (socket) => socket.end('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok'),
      '::1',
    )
    const { bytes } = await download(`http://[::1]:${port}/x`)
    expect(bytes.toString()).toBe('ok')
    expect(heads[0]).toContain(`host: [::1]:${port}\r\n`)
  })

  test('localhost reaches a server listening on any one of the addresses it resolves to', async () => {
    // Which ones depends on the resolver (this machine's /etc/hosts lists 127.0.0.1 only; many list ::1 too).
    const addresses = await (await import('node:dns/promises')).lookup('localhost', { all: true })
    expect(addresses.length).toBeGreaterThan(0)
    for (const { address } of addresses) {
      const { port } = await rawServer(
        (socket) => socket.end('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok'),
        address,
      )
      const { bytes } = await download(`http://localhost:${port}/x`)
      expect(bytes.toString()).toBe('ok')
    }
  })
})

describe('file descriptors', () => {
  const openFds = async (): Promise<number> => (await import('node:fs')).readdirSync('/proc/self/fd').length

  test('failing downloads leave no descriptor open (sockets, files)', async () => {
    const hang = await rawServer((socket) => socket.write('HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nab'))
    const bad = await rawServer((socket) => socket.end('HTTP/1.1 200 OK\r\ncontent-length: abc\r\n\r\n'))
    const missing = await rawServer((socket) =>
      socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n'),
    )
    await download(`http://127.0.0.1:${missing.port}/warm-up`).catch(() => {})
    await delay(100)
    const before = await openFds()
    for (let i = 0; i < 5; i++) {
      await expect(download(`http://127.0.0.1:${hang.port}/x`, { expectedSize: 5 })).rejects.toThrow()
      await expect(download(`http://127.0.0.1:${hang.port}/x`, { timeoutMs: 50 })).rejects.toThrow()
      await expect(download(`http://127.0.0.1:${bad.port}/x`)).rejects.toThrow()
      await expect(download(`http://127.0.0.1:${missing.port}/x`)).rejects.toThrow()
    }
    // The server's ends close when ours do: give them a moment.
    const deadline = Date.now() + 3000
    while ((await openFds()) > before && Date.now() < deadline) await delay(50)
    expect(await openFds()).toBe(before)
  })
})

describe('requests', () => {
  test.each([
    [{ headers: { 'x-a': 'v\r\nx-injected: 1' } }, /'x-a'/],
    [{ headers: { 'bad name': 'v' } }, /'bad name'/],
    [{ authorization: 'Bearer s3cret\r\nx-injected: 1', authOrigin: 'http://127.0.0.1' }, /'authorization'/],
  ])(
    'a header that would split the request is bad input, not retried, and its value is not shown (%#)',
    async (options, named) => {
      const { port, heads } = await rawServer((socket) =>
        socket.end('HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n'),
      )
      const started = performance.now()
      const failure = await download(`http://127.0.0.1:${port}/x`, {
        ...options,
        retry: { attempts: 5 },
      }).catch((e) => e)
      expect(failure).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(named) })
      expect(String(failure.message)).not.toMatch(/s3cret|injected/)
      expect(heads).toHaveLength(0) // nothing was sent
      expect(performance.now() - started).toBeLessThan(400) // no retry back-off
    },
  )

  test('a URL that is not http(s) is bad input', async () => {
    await expect(download('ftp://127.0.0.1/x')).rejects.toMatchObject({ code: 'BAD_INPUT' })
  })
})

describe('redirects and the token', () => {
  test('the token never follows a redirect to another port or host name, even back through a 307', async () => {
    const seen: Array<[string, string | undefined]> = []
    const record = (head: string, where: string): void => {
      seen.push([where, /^authorization: (.*)\r$/im.exec(head)?.[1]])
    }
    const storage2 = await rawServer((socket, head) => {
      record(head, 'localhost')
      socket.end('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok')
    })
    const storage = await rawServer((socket, head) => {
      record(head, 'storage')
      // Back to the API's port but under another host name (another origin), then to a third origin.
      socket.end(
        `HTTP/1.1 307 Temporary Redirect\r\nlocation: http://localhost:${storage2.port}/b\r\ncontent-length: 0\r\n\r\n`,
      )
    })
    const api = await rawServer((socket, head) => {
      record(head, 'api')
      socket.end(
        `HTTP/1.1 302 Found\r\nlocation: http://127.0.0.1:${storage.port}/a\r\ncontent-length: 0\r\n\r\n`,
      )
    })
    const { bytes } = await download(`http://127.0.0.1:${api.port}/asset`, {
      authorization: 'Bearer t0ken',
      authOrigin: `http://127.0.0.1:${api.port}`,
    })
    expect(bytes.toString()).toBe('ok')
    expect(seen).toEqual([
      ['api', 'Bearer t0ken'],
      ['storage', undefined],
      ['localhost', undefined],
    ])
  })
})
