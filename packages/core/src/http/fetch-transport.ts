import { type BodyTarget, MIN_READ } from './body-target.ts'
import type { IdleClock, OpenResponse, Transport } from './transport.ts'

/** GET through fetch (undici): used when a proxy is configured. */
export const fetchTransport: Transport = async (url, headers, signal) => {
  const response = await fetch(url, { headers, redirect: 'manual', signal })
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
