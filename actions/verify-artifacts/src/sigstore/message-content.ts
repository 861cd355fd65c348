import { type KeyObject, timingSafeEqual, verify as verifyOneShot } from 'node:crypto'
import type { MessageSignature } from '@sigstore/bundle'
import type { SignedEntity } from '@sigstore/verify'
import type { ArtifactRead } from './read-artifact.ts'

type SignatureContent = SignedEntity['signature']

/**
 * The message-signature side of a SignedEntity, backed by a streamed read instead of the whole
 * artifact in memory (what @sigstore/verify's own MessageSignatureContent needs). The Verifier calls
 * `verifySignature` once, after it has established which key it trusts.
 */
export function streamedMessageContent(message: MessageSignature, read: ArtifactRead): SignatureContent {
  const signature = Buffer.from(message.signature)
  const claimedDigest = Buffer.from(message.messageDigest?.digest ?? [])
  const results = new Map<KeyObject, boolean>()
  return {
    signature,
    compareSignature: (other) => bufferEqual(other, signature),
    compareDigest: (digest) => bufferEqual(digest, claimedDigest),
    compareSignedDigest: (digest) => bufferEqual(digest, claimedDigest),
    verifySignature: (key) => {
      const known = results.get(key)
      if (known !== undefined) return known
      const ok = check(key, signature, read)
      results.set(key, ok)
      return ok
    },
  }
}

function check(key: KeyObject, signature: Buffer, read: ArtifactRead): boolean {
  try {
    if (read.bytes) return verifyOneShot(null, read.bytes, key, signature)
    // A Verify object can be finished only once; a second key would need a second read.
    return read.verify?.verify(key, signature) ?? false
  } catch {
    // A key of the wrong type or a garbled signature is a signature that does not verify.
    return false
  }
}

function bufferEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b)
}
