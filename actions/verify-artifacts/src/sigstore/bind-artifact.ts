import type { KeyObject } from 'node:crypto'
import type { Envelope, MessageSignature } from '@sigstore/bundle'
import { HashAlgorithm } from '@sigstore/protobuf-specs'
import type { SignedEntity } from '@sigstore/verify'
import { describeSubjects, matchingSubject, readStatement } from './dsse-subject.ts'
import { streamedMessageContent } from './message-content.ts'
import { readArtifact } from './read-artifact.ts'
import type { Outcome, VerifySigstoreOptions } from './types.ts'

const NODE_HASH: Record<number, string> = {
  [HashAlgorithm.HASH_ALGORITHM_UNSPECIFIED]: 'sha256',
  [HashAlgorithm.SHA2_256]: 'sha256',
  [HashAlgorithm.SHA2_384]: 'sha384',
  [HashAlgorithm.SHA2_512]: 'sha512',
  [HashAlgorithm.SHA3_256]: 'sha3-256',
  [HashAlgorithm.SHA3_384]: 'sha3-384',
}
const STATEMENT_DIGESTS = ['sha256', 'sha384', 'sha512']

/**
 * Ties a message signature to the artifact: one streamed read gives the digest (checked against the
 * bundle's claim, for a clear reason) and feeds the verifier that checks the signature over the bytes.
 */
export async function bindMessage(
  message: MessageSignature,
  publicKey: KeyObject,
  options: VerifySigstoreOptions,
): Promise<Outcome<SignedEntity['signature']>> {
  const algorithm = NODE_HASH[message.messageDigest?.algorithm ?? HashAlgorithm.SHA2_256] ?? 'sha256'
  // Ed25519/Ed448 sign the message itself, with no incremental API in Node: those artifacts are read whole.
  const oneShot = publicKey.asymmetricKeyType === 'ed25519' || publicKey.asymmetricKeyType === 'ed448'
  const read = await readArtifact(options.artifactPath, {
    algorithms: [algorithm],
    keepBytes: oneShot,
    ...(oneShot ? {} : { verifyAlgorithm: algorithm }),
    ...(options.signal ? { signal: options.signal } : {}),
  })
  const actual = read.digests[algorithm]
  const claimed = Buffer.from(message.messageDigest?.digest ?? []).toString('hex')
  if (actual !== claimed) {
    return {
      ok: false,
      code: 'DIGEST_MISMATCH',
      reason: `The artifact's ${algorithm} is ${actual}, but the bundle signs ${claimed || 'no digest'}: it is a bundle for other bytes.`,
    }
  }
  return { ok: true, value: streamedMessageContent(message, read) }
}

/** Ties a DSSE bundle to the artifact: some in-toto subject must carry the artifact's digest. */
export async function bindStatement(
  envelope: Envelope,
  options: VerifySigstoreOptions,
): Promise<Outcome<string | undefined>> {
  const statement = readStatement(envelope)
  if (!statement.ok) return { ok: false, code: 'SUBJECT_MISMATCH', reason: statement.reason }
  const algorithms = STATEMENT_DIGESTS.filter((a) => statement.algorithms.includes(a))
  if (algorithms.length === 0) {
    return {
      ok: false,
      code: 'SUBJECT_MISMATCH',
      reason: `The in-toto subjects use only ${statement.algorithms.join(', ')}, which cannot be checked (expected ${STATEMENT_DIGESTS.join(', ')}).`,
    }
  }
  const given = options.artifactDigests ?? {}
  const digests: Record<string, string> = algorithms.some((a) => a in given)
    ? Object.fromEntries(Object.entries(given).map(([a, hex]) => [a, String(hex).toLowerCase()]))
    : (
        await readArtifact(options.artifactPath, {
          algorithms,
          ...(options.signal ? { signal: options.signal } : {}),
        })
      ).digests
  if (matchingSubject(statement.subjects, digests) === undefined) {
    const shown = Object.entries(digests)
      .map(([a, hex]) => `${a}:${hex}`)
      .join(', ')
    return {
      ok: false,
      code: 'SUBJECT_MISMATCH',
      reason: `The attestation is about ${describeSubjects(statement.subjects)}, not this artifact (${shown}).`,
    }
  }
  return { ok: true, value: statement.predicateType }
}
