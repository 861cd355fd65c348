import net from 'node:net'
import tls from 'node:tls'
import { HTTPParser } from 'http-parser-js'
import type { BodyTarget } from './body-target.ts'
import { checkFraming, checkHeaders, type ParserInternals, strictChunkHead } from './http-framing.ts'
import type { IdleClock, OpenResponse, Transport } from './transport.ts'

/*
 * Why downloads do not use fetch or node:http: both allocate a new Buffer for every 64 KiB read and
 * pass it through a stream, which cost three times curl's CPU on a loopback gigabyte; with hashing and
 * writing on the same thread a download took 2.6 times as long as curl. Node's `onread` option reads a
 * socket into memory we choose, so the bytes land in the download's ring buffer and are written and
 * hashed where they lie. What remains hand-written is only the request line and header block of one
 * GET (Connection: close, so no connection reuse); the response is parsed by http-parser-js
 * (status, headers, Content-Length, chunked and close-delimited bodies).
 */

const HEAD_BUFFER = 16 * 1024
/** Extra TLS settings, e.g. a CA for tests (NODE_EXTRA_CA_CERTS works as it does for fetch). */
export interface SocketTransportOptions {
  ca?: string | Buffer
}

/** GET over a socket read into the body target's memory. */
export const socketTransport: Transport = createSocketTransport()

export function createSocketTransport(tlsOptions: SocketTransportOptions = {}): Transport {
  return (url, headers, signal) => get(url, headers, signal, tlsOptions)
}

function get(url: URL, headers: Headers, signal: AbortSignal, tlsOptions: SocketTransportOptions) {
  return new Promise<OpenResponse>((resolveOpen, rejectOpen) => {
    if (signal.aborted) {
      rejectOpen(new Error('aborted', { cause: signal.reason }))
      return
    }
    const parser = new HTTPParser(HTTPParser.RESPONSE)
    const internals = parser as unknown as ParserInternals
    internals.BODY_CHUNKHEAD = strictChunkHead
    const headBuffer = Buffer.allocUnsafe(HEAD_BUFFER)
    let head: { status: number; statusText: string; headers: Headers } | undefined
    let opened = false
    let complete = false
    let failure: Error | undefined
    let pending: Buffer[] = []
    let target: BodyTarget | undefined
    let idle: IdleClock | undefined
    let body: { resolve(): void; reject(err: Error): void } | undefined
    // An interim 1xx response (100 Continue, 103 Early Hints) has no body and precedes the real one.
    let interim = false

    parser[HTTPParser.kOnHeadersComplete] = (info) => {
      // Connection: close asks for one response: whatever follows it in the same read is not ours.
      if (complete) return 1
      if (info.statusCode >= 100 && info.statusCode < 200 && info.statusCode !== 101) {
        interim = true
        return 1
      }
      const refused = checkHeaders(info.headers)
      if (refused) throw new Error(`not a valid HTTP response: ${refused}`)
      const list = new Headers()
      for (let i = 0; i + 1 < info.headers.length; i += 2) {
        list.append(info.headers[i] as string, info.headers[i + 1] as string)
      }
      head = { status: info.statusCode, statusText: info.statusMessage, headers: list }
      return 0
    }
    parser[HTTPParser.kOnBody] = (chunk, offset, length) => {
      if (complete) return
      const part = chunk.subarray(offset, offset + length)
      if (target) target.accept(part)
      else pending.push(Buffer.from(part))
    }
    parser[HTTPParser.kOnMessageComplete] = () => {
      if (interim) interim = false
      else complete = true
    }

    const finish = (err?: Error): void => {
      if (err) failure ??= err
      if (!opened) {
        if (failure) rejectOpen(failure)
        return
      }
      if (!body) return
      const settle = body
      body = undefined
      if (complete && !failure) settle.resolve()
      else settle.reject(failure ?? new Error('the connection closed before the response ended'))
    }

    const afterRead = (): boolean => {
      if (head && !opened) {
        opened = true
        resolveOpen(response)
        return false // until readBody() gives the body somewhere to go
      }
      if (complete) {
        socket.destroy()
        finish()
        return false
      }
      if (target && !target.prepare()) {
        void resumeWhenRoom()
        return false
      }
      return true
    }

    const fail = (err: unknown): void => {
      failure ??= err instanceof Error ? err : new Error(String(err))
      socket.destroy()
      finish()
    }

    // Waiting for ring room is our own back-pressure, not the server being idle: the idle clock holds.
    // A stale wait (the socket destroyed meanwhile, a retry using the same target) touches nothing.
    const room = async (into: BodyTarget, clock: IdleClock): Promise<boolean> => {
      while (!socket.destroyed && !into.prepare()) await clock.waiting(into.room())
      return !socket.destroyed
    }

    const resumeWhenRoom = async (): Promise<void> => {
      try {
        if (target && idle && (await room(target, idle))) socket.resume()
      } catch (err) {
        fail(err)
      }
    }

    const feedPendingThenResume = async (): Promise<void> => {
      try {
        if (!target || !idle) return
        for (const piece of pending) {
          if (!(await room(target, idle))) break
          target.accept(piece)
        }
        pending = []
        if (complete || failure || socket.destroyed) {
          socket.destroy()
          finish()
        } else await resumeWhenRoom()
      } catch (err) {
        fail(err)
      }
    }

    const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80))
    const onread = {
      buffer: () => (target ? target.region() : headBuffer),
      callback: (length: number, buffer: Uint8Array): boolean => {
        try {
          idle?.touch()
          const result = parser.execute(Buffer.from(buffer.buffer, buffer.byteOffset, length))
          // Once the message is complete, nothing after it matters (Connection: close). http-parser-js
          // also counts the last body read toward the header limit of a next message that never comes.
          const invalid = complete ? undefined : result instanceof Error ? result : checkFraming(internals)
          if (invalid) throw new Error(`not a valid HTTP response: ${invalid.message}`)
          return afterRead()
        } catch (err) {
          socket.destroy(err instanceof Error ? err : new Error(String(err)))
          return false
        }
      },
    }
    const socket =
      url.protocol === 'https:'
        ? tls.connect({
            host,
            port,
            ALPNProtocols: ['http/1.1'],
            ...(tlsOptions.ca ? { ca: tlsOptions.ca } : {}),
            ...(net.isIP(host) ? {} : { servername: host }),
            // tls.connect takes `onread` as net.connect does (Node docs); @types/node omits it.
            ...({ onread } as object),
          })
        : net.connect({ host, port, onread })

    const onAbort = (): void => {
      socket.destroy(new Error('aborted', { cause: signal.reason }))
    }
    signal.addEventListener('abort', onAbort, { once: true })
    socket.on('error', (err) => finish(err))
    socket.on('end', () => {
      // A body without Content-Length or chunking ends with the connection.
      const result = parser.finish()
      if (!head) failure ??= new Error('the connection closed before the response headers')
      else if (result instanceof Error)
        failure ??= new Error('the connection closed before the response ended')
      finish()
    })
    socket.on('close', () => {
      signal.removeEventListener('abort', onAbort)
      finish()
    })
    socket.write(requestHead(url, headers))

    const response: OpenResponse = {
      get status() {
        return head?.status ?? 0
      },
      get statusText() {
        return head?.statusText ?? ''
      },
      get headers() {
        return head?.headers ?? new Headers()
      },
      readBody(into, clock) {
        // Settled by finish(), and returned at once: the bytes that came with the headers are fed
        // beside it, so an abort or error while that waits for room still ends the body.
        const done = new Promise<void>((resolve, reject) => {
          body = { resolve, reject }
        })
        target = into
        idle = clock
        void feedPendingThenResume()
        return done
      },
      async discard() {
        socket.destroy()
      },
    }
  })
}

function requestHead(url: URL, headers: Headers): string {
  const lines = [`GET ${url.pathname}${url.search} HTTP/1.1`, `host: ${url.host}`]
  // Header values come from a Headers object, which refuses CR and LF: nothing can be injected here.
  headers.forEach((value, name) => {
    if (name !== 'host' && name !== 'connection') lines.push(`${name}: ${value}`)
  })
  if (!headers.has('user-agent')) lines.push('user-agent: node')
  lines.push('connection: close', '', '')
  return lines.join('\r\n')
}
