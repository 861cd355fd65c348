import { lookup } from 'node:dns/promises'
import { isIP, type Socket, connect as tcpConnect } from 'node:net'

/** The address that answered, or why none did. */
export type Reach = { ok: true; address: string; family: 4 | 6 } | { ok: false; error: string }

/** `localhost` and `*.localhost` are loopback whatever the resolver says (RFC 6761). */
export function isLocalhost(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '')
  return h === 'localhost' || h.endsWith('.localhost')
}

/** A URL hostname without the brackets of an IPv6 literal. */
export function bareHost(host: string): string {
  return host.replace(/^\[|\]$/g, '')
}

// Node resolves `localhost` to whatever the resolver returns first, often ::1 alone, so a server bound to
// 127.0.0.1 looks down forever (wait-on's hang). Both loopbacks are tried instead, at once.
async function candidates(host: string): Promise<string[]> {
  const h = bareHost(host)
  if (isIP(h) !== 0) return [h]
  if (isLocalhost(h)) return ['127.0.0.1', '::1']
  const found = await lookup(h, { all: true, verbatim: true })
  return [...new Set(found.map((a) => a.address))]
}

function connectOnce(address: string, port: number, timeoutMs: number, signal: AbortSignal): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({ host: address, port, noDelay: true })
    const fail = (err: Error): void => {
      cleanup()
      socket.destroy()
      reject(err)
    }
    const onAbort = (): void => fail(new Error('cancelled'))
    const timer = setTimeout(() => fail(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)
    const cleanup = (): void => {
      clearTimeout(timer)
      signal.removeEventListener('abort', onAbort)
    }
    signal.addEventListener('abort', onAbort, { once: true })
    socket.once('error', fail)
    socket.once('connect', () => {
      cleanup()
      socket.removeListener('error', fail)
      resolve(socket)
    })
  })
}

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException
  return e.code === undefined ? e.message : `${e.code}`
}

/** An open connection to the address that answered first, or why none did. */
export type Opened =
  | { ok: true; socket: Socket; address: string; family: 4 | 6 }
  | { ok: false; error: string }

/**
 * Opens a TCP connection to host:port, trying every address of the host at once (both loopbacks for
 * `localhost`); the first to accept wins and the others are closed. Cheap enough to run every 100 ms
 * while a service starts; a protocol probe then speaks over the socket it returns.
 */
export async function open(
  host: string,
  port: number,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<Opened> {
  let addresses: string[]
  try {
    addresses = await candidates(host)
  } catch (err) {
    return { ok: false, error: `cannot resolve ${host}: ${describe(err)}` }
  }
  return new Promise((resolve) => {
    let won = false
    let failed = 0
    const errors: unknown[] = []
    addresses.forEach((address, i) => {
      connectOnce(address, port, timeoutMs, signal).then(
        (socket) => {
          if (won) return void socket.destroy()
          won = true
          resolve({ ok: true, socket, address, family: isIP(address) === 6 ? 6 : 4 })
        },
        (err: unknown) => {
          errors[i] = err
          if (++failed < addresses.length || won) return
          const why = addresses.map(
            (a, j) => `${a.includes(':') ? `[${a}]` : a}:${port} ${describe(errors[j])}`,
          )
          resolve({ ok: false, error: `nothing answered on ${why.join(', ')}` })
        },
      )
    })
  })
}

/** Like `open`, for probes that only need to know something listens (and which address): the socket is closed. */
export async function reach(
  host: string,
  port: number,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<Reach> {
  const opened = await open(host, port, timeoutMs, signal)
  if (!opened.ok) return opened
  opened.socket.destroy()
  return { ok: true, address: opened.address, family: opened.family }
}
