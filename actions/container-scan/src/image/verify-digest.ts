import { createHash } from 'node:crypto'
import { Transform } from 'node:stream'
import { PostflightError } from '@postflight/core'

const ALGORITHMS = new Set(['sha256', 'sha512'])

/** Splits `sha256:<hex>`; throws for anything else, as content addresses are all this reader trusts. */
export function splitDigest(digest: string, what: string): { algorithm: string; hex: string } {
  const match = /^([a-z0-9]+):([a-f0-9]{32,128})$/.exec(digest)
  if (!match?.[1] || !match[2] || !ALGORITHMS.has(match[1])) {
    throw new PostflightError('ARCHIVE', `${what}: '${digest}' is not a sha256 or sha512 digest`)
  }
  return { algorithm: match[1], hex: match[2] }
}

/** The digest of a whole buffer, compared with the one expected; a mismatch is an error naming both. */
export function checkDocumentDigest(bytes: Buffer, digest: string, what: string): void {
  const { algorithm, hex } = splitDigest(digest, what)
  const actual = createHash(algorithm).update(bytes).digest('hex')
  if (actual !== hex) {
    throw new PostflightError('ARCHIVE', `${what}: content is ${algorithm}:${actual}, expected ${digest}`)
  }
}

/**
 * A pass-through that hashes what flows through it and fails the stream at its end when the bytes
 * are not `digest` (or not `size` long): a layer is checked while it is read, never held whole.
 */
export function verifyingStream(
  digest: string,
  size: number | undefined,
  what: string,
  onBytes?: (seen: number) => void,
): Transform {
  const { algorithm, hex } = splitDigest(digest, what)
  const hash = createHash(algorithm)
  let seen = 0
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk)
      seen += chunk.length
      onBytes?.(seen)
      callback(null, chunk)
    },
    flush(callback) {
      const actual = hash.digest('hex')
      if (actual !== hex) {
        callback(
          new PostflightError('ARCHIVE', `${what}: content is ${algorithm}:${actual}, expected ${digest}`),
        )
      } else if (size !== undefined && size >= 0 && seen !== size) {
        callback(new PostflightError('ARCHIVE', `${what}: ${seen} bytes, the manifest says ${size}`))
      } else callback()
    },
  })
}
