import { createPublicKey, type KeyObject } from 'node:crypto'
import { describeError } from '@postflight/core'
import type { Bundle } from '@sigstore/bundle'
import type { X509Certificate } from '@sigstore/core'
import { describeCertificateSigner, leafCertificate } from './signer.ts'
import type { Outcome, SigstorePolicy, SigstoreSigner } from './types.ts'

export interface SigningKey {
  publicKey: KeyObject
  certificate?: X509Certificate
  managed: boolean
  signer: SigstoreSigner
}

/**
 * The key the signature must verify under: the bundle's leaf certificate key (its identity still to be
 * checked), or, for a managed-key bundle, the key the caller gave; the bundle's key hint is not trusted.
 */
export function signingKey(bundle: Bundle, policy: SigstorePolicy): Outcome<SigningKey> {
  const material = bundle.verificationMaterial.content
  if (material.$case === 'publicKey') {
    const hint = material.publicKey.hint
    const given = policy.publicKey
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
      return { ok: false, code: 'KEY', reason: `The given public key cannot be read: ${describeError(err)}.` }
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
      reason: `The bundle's signing certificate cannot be read: ${describeError(err)}.`,
    }
  }
}
