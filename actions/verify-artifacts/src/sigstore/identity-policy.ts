import { PostflightError } from '@postflight/core'
import type { SigstoreFailureCode, SigstorePolicy, SigstoreSigner } from './types.ts'

export type PolicyOutcome = { ok: true } | { ok: false; code: SigstoreFailureCode; reason: string }

/**
 * cosign's identity rules for a certificate-signed bundle: an identity (exact or regexp) and an issuer
 * are both required, because anyone can get a valid Sigstore certificate for their own identity; a
 * bundle proves something only about the identity it is checked against. Messages name what was found.
 */
export function checkIdentityPolicy(policy: SigstorePolicy, signer: SigstoreSigner): PolicyOutcome {
  const found = `${signer.identity ?? '(no identity)'} (issuer ${signer.issuer ?? 'unknown'})`
  const { certificateIdentity, certificateIdentityRegexp, certificateOidcIssuer } = policy
  if (certificateIdentity === undefined && certificateIdentityRegexp === undefined) {
    return {
      ok: false,
      code: 'NO_POLICY',
      reason:
        `No certificate-identity or certificate-identity-regexp was given, so who signed cannot be checked. ` +
        `The bundle was signed by ${found}; give that identity and issuer if it is the one you expect.`,
    }
  }
  if (certificateIdentity !== undefined && signer.identity !== certificateIdentity) {
    return {
      ok: false,
      code: 'IDENTITY_MISMATCH',
      reason: `Signed by ${found}, not by the expected identity ${certificateIdentity}.`,
    }
  }
  if (certificateIdentityRegexp !== undefined) {
    const pattern = toRegExp(certificateIdentityRegexp)
    if (signer.identity === undefined || !pattern.test(signer.identity)) {
      return {
        ok: false,
        code: 'IDENTITY_MISMATCH',
        reason: `Signed by ${found}, which does not match certificate-identity-regexp ${pattern.source}.`,
      }
    }
  }
  if (certificateOidcIssuer === undefined) {
    return {
      ok: false,
      code: 'NO_POLICY',
      reason: `No certificate-oidc-issuer was given; the bundle was signed by ${found}. Give the issuer you expect.`,
    }
  }
  if (signer.issuer !== certificateOidcIssuer) {
    return {
      ok: false,
      code: 'ISSUER_MISMATCH',
      reason: `Signed by ${found}, but the expected certificate-oidc-issuer is ${certificateOidcIssuer}.`,
    }
  }
  return { ok: true }
}

/**
 * Compiles `certificate-identity-regexp` (unanchored, as cosign's Go regexp.MatchString). Throws
 * BAD_INPUT naming the input when it is not a valid JavaScript regular expression.
 */
export function toRegExp(pattern: string | RegExp): RegExp {
  // A stateful (global/sticky) RegExp would make test() depend on the previous call.
  if (pattern instanceof RegExp) return new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''))
  try {
    return new RegExp(pattern)
  } catch (err) {
    throw new PostflightError(
      'BAD_INPUT',
      `certificate-identity-regexp: expected a regular expression; ${JSON.stringify(pattern)} is not one.`,
      { cause: err, field: 'certificate-identity-regexp' },
    )
  }
}
