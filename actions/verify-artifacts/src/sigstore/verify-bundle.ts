import { createPublicKey, type KeyObject } from 'node:crypto'
import type { Bundle, Envelope, MessageSignature } from '@sigstore/bundle'
import type { X509Certificate } from '@sigstore/core'
import { HashAlgorithm } from '@sigstore/protobuf-specs'
import {
  type SignedEntity,
  type Signer,
  type TrustMaterial,
  toSignedEntity,
  Verifier,
} from '@sigstore/verify'
import { describeSubjects, matchingSubject, readStatement } from './dsse-subject.ts'
import { describeVerifyFailure } from './failure-reason.ts'
import { checkIdentityPolicy, toRegExp } from './identity-policy.ts'
import { streamedMessageContent } from './message-content.ts'
import { parseBundle } from './parse-bundle.ts'
import { readArtifact } from './read-artifact.ts'
import { describeCertificateSigner, leafCertificate } from './signer.ts'
import type { SigstoreFailureCode, SigstoreSigner, SigstoreVerdict, VerifySigstoreOptions } from './types.ts'

const NODE_HASH: Record<number, string> = {
  [HashAlgorithm.HASH_ALGORITHM_UNSPECIFIED]: 'sha256',
  [HashAlgorithm.SHA2_256]: 'sha256',
  [HashAlgorithm.SHA2_384]: 'sha384',
  [HashAlgorithm.SHA2_512]: 'sha512',
  [HashAlgorithm.SHA3_256]: 'sha3-256',
  [HashAlgorithm.SHA3_384]: 'sha3-384',
}
const STATEMENT_DIGESTS = ['sha256', 'sha384', 'sha512']

type Outcome<T> = { ok: true; value: T } | { ok: false; code: SigstoreFailureCode; reason: string }

/**
 * Verifies a Sigstore bundle (media types v0.1–v0.3) over a release file against a trusted root and
 * an identity policy, with no network access at all. A bad bundle is a verdict with a reason and a
 * code; only reading the artifact (IO), an abort (ABORTED) or an invalid regexp (BAD_INPUT) throws.
 */
export async function verifySigstoreBundle(options: VerifySigstoreOptions): Promise<SigstoreVerdict> {
  // A bad regexp is the caller's mistake, not the bundle's: fail on it before any work.
  if (options.policy.certificateIdentityRegexp !== undefined)
    toRegExp(options.policy.certificateIdentityRegexp)
  const parsed = parseBundle(options.bundle)
  if (!parsed.ok) return parsed.verdict
  const { bundle, mediaType } = parsed
  const content = bundle.content
  const verdict: SigstoreVerdict = {
    valid: false,
    mediaType,
    kind: content.$case === 'dsseEnvelope' ? 'dsse' : 'message-signature',
    ...logFacts(bundle),
  }
  const fail = (outcome: { code: SigstoreFailureCode; reason: string }): SigstoreVerdict => ({
    ...verdict,
    valid: false,
    code: outcome.code,
    reason: outcome.reason,
  })

  const verificationMaterial = bundle.verificationMaterial.content
  if (verificationMaterial.$case === 'publicKey')
    verdict.signer = { keyHint: verificationMaterial.publicKey.hint }
  const key = signingKey(bundle, options)
  if (!key.ok) return fail(key)
  verdict.signer = key.value.signer

  let entity: SignedEntity
  try {
    // The artifact argument is only used by the message content we replace below.
    entity = toSignedEntity(bundle, Buffer.alloc(0))
  } catch (err) {
    return fail(describeVerifyFailure(err))
  }
  if (content.$case === 'messageSignature') {
    const bound = await bindMessage(content.messageSignature, key.value.publicKey, options)
    if (!bound.ok) return fail(bound)
    entity = { ...entity, signature: bound.value }
  } else {
    const bound = await bindStatement(content.dsseEnvelope, options)
    if (!bound.ok) return fail(bound)
    if (bound.value !== undefined) verdict.predicateType = bound.value
  }

  const trust: TrustMaterial = key.value.managed
    ? {
        ...options.trustedRoot.material,
        publicKey: () => ({ publicKey: key.value.publicKey, validFor: () => true }),
      }
    : options.trustedRoot.material
  let signer: Signer
  try {
    signer = new Verifier(trust).verify(entity)
  } catch (err) {
    return fail(describeVerifyFailure(err))
  }
  if (key.value.certificate) {
    // Only now is the certificate's identity established; report the one the library verified.
    const verified: SigstoreSigner = { ...key.value.signer }
    if (signer.identity?.subjectAlternativeName) verified.identity = signer.identity.subjectAlternativeName
    if (signer.identity?.extensions?.issuer) verified.issuer = signer.identity.extensions.issuer
    verdict.signer = verified
    const policy = checkIdentityPolicy(options.policy, verified)
    if (!policy.ok) return fail(policy)
  }
  return { ...verdict, valid: true }
}

interface SigningKey {
  publicKey: KeyObject
  certificate?: X509Certificate
  managed: boolean
  signer: SigstoreSigner
}

function signingKey(bundle: Bundle, options: VerifySigstoreOptions): Outcome<SigningKey> {
  const material = bundle.verificationMaterial.content
  if (material.$case === 'publicKey') {
    const hint = material.publicKey.hint
    const given = options.policy.publicKey
    if (given === undefined) {
      return {
        ok: false,
        code: 'NO_POLICY',
        reason: `The bundle is signed with a managed key (hint ${hint || '(none)'}), not a certificate; give its public key to verify it.`,
      }
    }
    try {
      const publicKey = typeof given === 'string' ? createPublicKey(given) : given
      return { ok: true, value: { publicKey, managed: true, signer: { keyHint: hint } } }
    } catch (err) {
      return { ok: false, code: 'KEY', reason: `The given public key cannot be read: ${errorText(err)}.` }
    }
  }
  try {
    const certificate = leafCertificate(material)
    if (certificate === undefined) throw new Error('no certificate')
    const publicKey = createPublicKey({ key: certificate.publicKey, format: 'der', type: 'spki' })
    const signer = describeCertificateSigner(certificate)
    return { ok: true, value: { publicKey, certificate, managed: false, signer } }
  } catch (err) {
    return {
      ok: false,
      code: 'MALFORMED',
      reason: `The bundle's signing certificate cannot be read: ${errorText(err)}.`,
    }
  }
}

async function bindMessage(
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

async function bindStatement(
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

function logFacts(bundle: Bundle): Pick<SigstoreVerdict, 'logIndex' | 'integratedTime'> {
  const entry = bundle.verificationMaterial.tlogEntries[0]
  if (entry === undefined) return {}
  const facts: Pick<SigstoreVerdict, 'logIndex' | 'integratedTime'> = { logIndex: entry.logIndex }
  const seconds = Number(entry.integratedTime)
  if (Number.isFinite(seconds) && seconds > 0) facts.integratedTime = new Date(seconds * 1000).toISOString()
  return facts
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
