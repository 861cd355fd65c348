import { addAbortSignal, type Readable, Transform, type TransformCallback } from 'node:stream'
import { describeError, PostflightError } from '../errors.ts'
import { createMultiHash, type HashAlgorithm, type HashResult, type MultiHash } from './algorithms.ts'
import { hashAborted } from './hash-file.ts'

/**
 * A pass-through stream that hashes what flows through it, for data written somewhere once (a download
 * going to disk): `await pipeline(response, hashing, createWriteStream(file))`, then `await hashing.result`.
 */
export class HashingStream<A extends HashAlgorithm = HashAlgorithm> extends Transform {
  /** Resolves when the stream ends; rejects if it is destroyed first. */
  readonly result: Promise<HashResult<A>>
  readonly #hash: MultiHash<A>
  #resolve: (result: HashResult<A>) => void = () => undefined
  #reject: (err: unknown) => void = () => undefined

  constructor(algorithms: readonly A[]) {
    super()
    this.#hash = createMultiHash(algorithms)
    this.result = new Promise<HashResult<A>>((resolve, reject) => {
      this.#resolve = resolve
      this.#reject = reject
    })
    // A caller that only awaits pipeline() must not see an unhandled rejection; awaiting result still throws.
    this.result.catch(() => undefined)
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#hash.update(chunk)
    callback(null, chunk)
  }

  override _flush(callback: TransformCallback): void {
    this.#resolve(this.#hash.digest())
    callback()
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    // After a normal end the promise is already resolved and this rejection is ignored.
    this.#reject(err ?? new PostflightError('IO', 'The hashing stream was closed before its data ended.'))
    callback(err)
  }
}

/** Creates a `HashingStream` computing every algorithm in one pass. */
export function createHashingStream<A extends HashAlgorithm>(algorithms: readonly A[]): HashingStream<A> {
  return new HashingStream(algorithms)
}

/** Reads a stream to its end and returns its size and digests. Throws IO, or ABORTED when `signal` aborts. */
export async function hashStream<A extends HashAlgorithm>(
  readable: Readable | AsyncIterable<Uint8Array | string>,
  algorithms: readonly A[],
  options: { signal?: AbortSignal } = {},
): Promise<HashResult<A>> {
  const { signal } = options
  const hash = createMultiHash(algorithms)
  if (signal?.aborted) throw hashAborted('a stream', signal)
  // Destroys the stream on abort, so a source that has stalled still lets go.
  if (signal && 'pipe' in readable) addAbortSignal(signal, readable)
  try {
    for await (const chunk of readable) {
      if (signal?.aborted) throw hashAborted('a stream', signal)
      hash.update(chunk)
    }
  } catch (err) {
    if (signal?.aborted) throw hashAborted('a stream', signal)
    if (err instanceof PostflightError) throw err
    throw new PostflightError('IO', `Could not hash a stream: ${describeError(err)}`, { cause: err })
  }
  return hash.digest()
}
