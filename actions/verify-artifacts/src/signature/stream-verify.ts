import { createReadStream } from 'node:fs'
import { Readable } from 'node:stream'
import { PostflightError } from '@postflight/core'
import { createMessage, type KeyID, type Signature, verify } from 'openpgp'
import type { LoadedKey } from './types.ts'

/** What openpgp concluded about one signature packet. */
export interface Outcome {
  keyId: KeyID
  error?: unknown
}

/**
 * Runs openpgp over the file as a stream, so memory stays flat however large the file is. Returns
 * one outcome per signature packet; throws only when the file cannot be read or the signal fires.
 */
export async function verifyStreaming(
  dataPath: string,
  signature: Signature,
  keys: readonly LoadedKey[],
  fallbackKeyId: KeyID,
  signal: AbortSignal | undefined,
): Promise<Outcome[]> {
  const file = createReadStream(dataPath, signal ? { signal } : {})
  let result: Awaited<ReturnType<typeof verify>>
  try {
    const message = await createMessage({ binary: Readable.toWeb(file) as ReadableStream<Uint8Array> })
    result = await verify({
      message,
      signature,
      verificationKeys: keys.map((key) => key.key),
      format: 'binary',
      expectSigned: false,
    })
  } catch (error) {
    // openpgp refused before reading any data: a verdict about the signature, not an I/O failure.
    file.destroy()
    return [{ keyId: fallbackKeyId, error }]
  }
  // Settle every promise openpgp hands back before draining, so a read error cannot leave one unhandled.
  const outcomes = result.signatures.map((entry) => {
    entry.signature.catch(() => undefined)
    return entry.verified.then(
      (): Outcome => ({ keyId: entry.keyID }),
      (error: unknown): Outcome => ({ keyId: entry.keyID, error }),
    )
  })
  try {
    // The digest is computed as the data flows past, so the stream must be read to its end.
    const reader = (result.data as ReadableStream<Uint8Array>).getReader()
    for (;;) {
      const { done } = await reader.read()
      if (done) break
    }
  } catch (err) {
    throwIfAborted(signal)
    throw new PostflightError('IO', `Could not read ${dataPath} while verifying its signature.`, {
      cause: err,
      field: dataPath,
    })
  }
  return Promise.all(outcomes)
}

/** Throws PostflightError ABORTED once the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new PostflightError('ABORTED', 'Signature verification was aborted.', { cause: signal.reason })
  }
}
