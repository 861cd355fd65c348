import type { Bundle } from '@sigstore/bundle'
import {
  type SignedEntity,
  type Signer,
  type TrustMaterial,
  toSignedEntity,
  Verifier,
} from '@sigstore/verify'
import { bindMessage, bindStatement } from './bind-artifact.ts'
import { describeVerifyFailure } from './failure-reason.ts'
import { checkIdentityPolicy, toRegExp } from './identity-policy.ts'
import { parseBundle } from './parse-bundle.ts'
import { signingKey } from './signing-key.ts'
import type { SigstoreFailureCode, SigstoreSigner, SigstoreVerdict, VerifySigstoreOptions } from './types.ts'

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
  const key = signingKey(bundle, options.policy)
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
        // Like cosign --key: the caller's key is trusted as given, with no validity window to apply.
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

function logFacts(bundle: Bundle): Pick<SigstoreVerdict, 'logIndex' | 'integratedTime'> {
  const entry = bundle.verificationMaterial.tlogEntries[0]
  if (entry === undefined) return {}
  const facts: Pick<SigstoreVerdict, 'logIndex' | 'integratedTime'> = { logIndex: entry.logIndex }
  const seconds = Number(entry.integratedTime)
  if (Number.isFinite(seconds) && seconds > 0) facts.integratedTime = new Date(seconds * 1000).toISOString()
  return facts
}
