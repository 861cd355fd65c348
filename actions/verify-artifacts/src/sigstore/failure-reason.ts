import { describeError } from '@postflight/core'
import type { SigstoreFailureCode } from './types.ts'

interface LibraryError {
  code?: string
  message: string
  cause?: unknown
}

/**
 * Turns a @sigstore/verify error into our code and a sentence that says what to suspect. The
 * library's own message (and its cause) stays in the reason: it is what a Sigstore maintainer asks for.
 */
export function describeVerifyFailure(err: unknown): { code: SigstoreFailureCode; reason: string } {
  const e = toLibraryError(err)
  const detail = e.cause instanceof Error ? `${e.message}: ${e.cause.message}` : e.message
  switch (e.code) {
    case 'CERTIFICATE_ERROR':
      return {
        code: 'UNTRUSTED_CERTIFICATE',
        reason:
          `The signing certificate is not trusted by this trusted root (${detail}): it was issued by another ` +
          'Sigstore instance (staging vs production?), or was not valid when the signature was logged.',
      }
    case 'PUBLIC_KEY_ERROR':
      return { code: 'KEY', reason: `The signing key is not trusted (${detail}).` }
    case 'SIGNATURE_ERROR':
      return {
        code: 'SIGNATURE',
        reason: `The signature does not verify (${detail}): the artifact or the signature was altered, or another key signed it.`,
      }
    case 'TIMESTAMP_ERROR':
      return {
        code: 'TIMESTAMP',
        reason: `The bundle has no trusted time of signing (${detail}): it needs a transparency log entry or a timestamp from an authority in the trusted root.`,
      }
    case 'TLOG_BODY_ERROR':
      return {
        code: 'TRANSPARENCY_LOG',
        reason: `The transparency log entry does not match the bundle (${detail}): the bundle was altered after it was logged.`,
      }
    case 'TLOG_INCLUSION_PROOF_ERROR':
    case 'TLOG_INCLUSION_PROMISE_ERROR':
    case 'TLOG_MISSING_INCLUSION_ERROR':
    case 'TLOG_ERROR':
      return {
        code: 'TRANSPARENCY_LOG',
        reason: `The transparency log entry cannot be trusted (${detail}): its inclusion proof or promise does not check out against a log in the trusted root.`,
      }
    default:
      return { code: 'MALFORMED', reason: `The bundle could not be verified: ${detail}.` }
  }
}

function toLibraryError(err: unknown): LibraryError {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code
    return { message: err.message, cause: err.cause, ...(typeof code === 'string' ? { code } : {}) }
  }
  return { message: describeError(err) }
}
