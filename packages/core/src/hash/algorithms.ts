import { createHash, type Hash } from 'node:crypto'
import { PostflightError } from '../errors.ts'

/**
 * Digest algorithms Postflight computes. `sha1` and `md5` exist only to read old checksum manifests;
 * a release verified by them alone is not verified (see `isWeakAlgorithm`).
 */
export type HashAlgorithm = 'sha256' | 'sha512' | 'sha1' | 'md5'

/** Hex digests keyed by algorithm. */
export type Digests<A extends HashAlgorithm = HashAlgorithm> = Record<A, string>

export interface HashResult<A extends HashAlgorithm = HashAlgorithm> {
  /** Bytes hashed. */
  size: number
  digests: Digests<A>
}

export interface HashProgress {
  bytesDone: number
  /** Unknown for a stream. */
  bytesTotal: number | undefined
}

const KNOWN: readonly HashAlgorithm[] = ['sha256', 'sha512', 'sha1', 'md5']

/** True for the algorithms kept only for legacy manifests. */
export function isWeakAlgorithm(algorithm: HashAlgorithm): boolean {
  return algorithm === 'sha1' || algorithm === 'md5'
}

/** Validates and de-duplicates a list of algorithms; throws BAD_INPUT on an empty list or unknown name. */
export function checkAlgorithms<A extends HashAlgorithm>(algorithms: readonly A[]): A[] {
  const unique = [...new Set(algorithms)]
  const unknown = unique.filter((a) => !KNOWN.includes(a))
  if (unique.length === 0 || unknown.length > 0) {
    throw new PostflightError(
      'BAD_INPUT',
      `Expected one or more hash algorithms of ${KNOWN.join(', ')}; got ${JSON.stringify(algorithms)}.`,
    )
  }
  return unique
}

/** Several hashes fed by one pass over the data. */
export interface MultiHash<A extends HashAlgorithm> {
  update(chunk: Uint8Array | string): void
  readonly size: number
  digest(): HashResult<A>
}

/** Creates hashes for `algorithms` that are all updated with each chunk, so data is read once. */
export function createMultiHash<A extends HashAlgorithm>(algorithms: readonly A[]): MultiHash<A> {
  const names = checkAlgorithms(algorithms)
  const hashes: Array<[A, Hash]> = names.map((name) => [name, createHash(name)])
  let size = 0
  return {
    update(chunk) {
      size += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength
      for (const [, hash] of hashes) hash.update(chunk)
    },
    get size() {
      return size
    },
    digest() {
      const digests = Object.fromEntries(
        hashes.map(([name, hash]) => [name, hash.digest('hex')]),
      ) as Digests<A>
      return { size, digests }
    },
  }
}
