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
// 127.0.0.1 looks down forever (wait-on's hang). Both loopbacks are tried instead, IPv4 first.
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

/**
 * Opens a TCP connection to host:port, trying every address of the host at once (both loopbacks for
 * `localhost`), and says which one answered. The socket is closed: this only finds out that something
 * listens, cheaply enough to run every 100 ms while a service starts.
 */
export async function reach(
  host: string,
  port: number,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<Reach> {
  let addresses: string[]
  try {
    addresses = await candidates(host)
  } catch (err) {
    return { ok: false, error: `cannot resolve ${host}: ${describe(err)}` }
  }
  const tries = addresses.map(async (address) => {
    const socket = await connectOnce(address, port, timeoutMs, signal)
    socket.destroy()
    return address
  })
  try {
    const address = await Promise.any(tries)
    return { ok: true, address, family: isIP(address) === 6 ? 6 : 4 }
  } catch (err) {
    const errors = err instanceof AggregateError ? err.errors : [err]
    const why = addresses.map((a, i) => `${a.includes(':') ? `[${a}]` : a}:${port} ${describe(errors[i])}`)
    return { ok: false, error: `nothing answered on ${why.join(', ')}` }
  }
}
