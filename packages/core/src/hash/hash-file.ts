import { type FileHandle, open } from 'node:fs/promises'
import { describeError, isPostflightError, PostflightError } from '../errors.ts'
import { createMultiHash, type HashAlgorithm, type HashProgress, type HashResult } from './algorithms.ts'

/** Read size of the streaming hashers: big enough for throughput, small enough to never matter for memory. */
export const HASH_CHUNK_BYTES = 1024 * 1024

export interface HashFileOptions {
  signal?: AbortSignal
  /** Called after each chunk. */
  onProgress?: (progress: HashProgress) => void
}

/** The ABORTED error every hasher throws, with the abort reason as cause. */
export function hashAborted(what: string, signal: AbortSignal): PostflightError {
  return new PostflightError('ABORTED', `Hashing ${what} was stopped: ${describeError(signal.reason)}`, {
    cause: signal.reason,
    field: what,
  })
}

/**
 * Hashes a file with every algorithm in one read pass, 1 MiB at a time through one reused buffer, so
 * memory does not grow with the file. Throws IO naming the file, or ABORTED.
 */
export async function hashFile<A extends HashAlgorithm>(
  file: string,
  algorithms: readonly A[],
  options: HashFileOptions = {},
): Promise<HashResult<A>> {
  const { signal, onProgress } = options
  const hash = createMultiHash(algorithms)
  if (signal?.aborted) throw hashAborted(file, signal)
  let handle: FileHandle | undefined
  try {
    handle = await open(file, 'r')
    const bytesTotal = (await handle.stat()).size
    const buffer = Buffer.allocUnsafe(HASH_CHUNK_BYTES)
    for (;;) {
      if (signal?.aborted) throw hashAborted(file, signal)
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null)
      if (bytesRead === 0) break
      hash.update(buffer.subarray(0, bytesRead))
      onProgress?.({ bytesDone: hash.size, bytesTotal })
    }
    return hash.digest()
  } catch (err) {
    if (isPostflightError(err)) throw err
    throw new PostflightError('IO', `Could not hash ${file}: ${describeError(err)}`, {
      cause: err,
      field: file,
    })
  } finally {
    await handle?.close().catch(() => undefined)
  }
}
