import { type BodyTarget, MIN_READ } from './body-target.ts'
import { HttpError } from './http-error.ts'
import type { IdleClock, OpenResponse, Transport } from './transport.ts'

/** GET through fetch (undici): used when a proxy is configured. */
export const fetchTransport: Transport = async (url, headers, signal) => {
  // fetch asks for gzip, deflate and br, and decodes what comes so: the file would hold other bytes
  // than the socket transport writes (the bytes as stored), and another digest. Ask for the stored
  // bytes, and refuse a response that is encoded anyway (fetch cannot hand over its raw bytes).
  const sent = new Headers(headers)
  sent.set('accept-encoding', 'identity')
  const response = await fetch(url, { headers: sent, redirect: 'manual', signal })
  const coding = response.headers.get('content-encoding')
  if (coding && coding.toLowerCase() !== 'identity' && response.status < 300) {
    await response.body?.cancel()
    throw new HttpError(
      `the server sent Content-Encoding '${coding}', which fetch (used behind a proxy) would decode: the file would not be the stored bytes`,
      { retryable: false },
    )
  }
  return fromResponse(response)
}

function fromResponse(response: Response): OpenResponse {
  return {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
    async readBody(target: BodyTarget, idle: IdleClock) {
      if (!response.body) return
      // Node's web stream is async-iterable; the cast keeps that true for tsc when a dependency's
      // types pull in lib.dom (pe-library's do), whose ReadableStream declares no async iterator.
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        idle.touch()
        for (let at = 0; at < chunk.byteLength; at += MIN_READ) {
          while (!target.prepare()) await idle.waiting(target.room())
          target.accept(chunk.subarray(at, at + MIN_READ))
        }
      }
    },
    async discard() {
      await response.body?.cancel()
    },
  }
}
