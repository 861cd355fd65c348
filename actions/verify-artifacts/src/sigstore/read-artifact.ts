import { createHash, createVerify, type Hash, type Verify } from 'node:crypto'
import { type FileHandle, open } from 'node:fs/promises'
import { describeError, HASH_CHUNK_BYTES, PostflightError } from '@postflight/core'

export interface ArtifactRead {
  /** Hex digests by Node hash name. */
  digests: Record<string, string>
  /** Fed with every byte: the signature check finishes it once the signing key is known. */
  verify?: Verify
  /** Only for keys Node cannot verify incrementally (Ed25519/Ed448 sign the message itself). */
  bytes?: Buffer
}

export interface ReadArtifactOptions {
  algorithms: readonly string[]
  /** Node hash name for an incremental signature check (ECDSA, RSA). */
  verifyAlgorithm?: string
  keepBytes?: boolean
  signal?: AbortSignal
}

/**
 * Reads the artifact once, 1 MiB at a time, into its digests and an incremental verifier, so memory
 * stays flat for any size. @sigstore/verify itself wants the whole artifact as a Buffer for a message
 * signature; this is how we avoid that. Throws IO naming the file, or ABORTED.
 */
export async function readArtifact(file: string, options: ReadArtifactOptions): Promise<ArtifactRead> {
  const { signal } = options
  const hashes = new Map<string, Hash>(options.algorithms.map((name) => [name, createHash(name)]))
  const verify = options.verifyAlgorithm === undefined ? undefined : createVerify(options.verifyAlgorithm)
  const kept: Buffer[] = []
  let handle: FileHandle | undefined
  try {
    handle = await open(file, 'r')
    const buffer = Buffer.allocUnsafe(HASH_CHUNK_BYTES)
    for (;;) {
      throwIfAborted(file, signal)
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null)
      if (bytesRead === 0) break
      const chunk = buffer.subarray(0, bytesRead)
      for (const hash of hashes.values()) hash.update(chunk)
      verify?.update(chunk)
      if (options.keepBytes) kept.push(Buffer.from(chunk))
    }
  } catch (err) {
    if (err instanceof PostflightError) throw err
    throw new PostflightError(
      'IO',
      `Cannot read ${file} to verify its Sigstore bundle: ${describeError(err)}`,
      {
        cause: err,
        field: file,
      },
    )
  } finally {
    await handle?.close().catch(() => undefined)
  }
  const digests = Object.fromEntries([...hashes].map(([name, hash]) => [name, hash.digest('hex')]))
  const read: ArtifactRead = { digests }
  if (verify) read.verify = verify
  if (options.keepBytes) read.bytes = Buffer.concat(kept)
  return read
}

function throwIfAborted(file: string, signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return
  throw new PostflightError(
    'ABORTED',
    `Verifying the Sigstore bundle of ${file} was stopped: ${describeError(signal.reason)}`,
    {
      cause: signal.reason,
      field: file,
    },
  )
}
