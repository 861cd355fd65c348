import { describeError } from '@postflight/core'
import {
  BUNDLE_V01_MEDIA_TYPE,
  BUNDLE_V02_MEDIA_TYPE,
  BUNDLE_V03_LEGACY_MEDIA_TYPE,
  BUNDLE_V03_MEDIA_TYPE,
  type Bundle,
  bundleFromJSON,
  ValidationError,
} from '@sigstore/bundle'
import type { SigstoreVerdict } from './types.ts'

export const BUNDLE_MEDIA_TYPES: readonly string[] = [
  BUNDLE_V01_MEDIA_TYPE,
  BUNDLE_V02_MEDIA_TYPE,
  BUNDLE_V03_LEGACY_MEDIA_TYPE,
  BUNDLE_V03_MEDIA_TYPE,
]

export type ParsedBundle =
  | { ok: true; bundle: Bundle; mediaType: string }
  | { ok: false; verdict: SigstoreVerdict }

/** Reads a bundle from bytes, text or parsed JSON; every way it can be wrong is a verdict, never a throw. */
export function parseBundle(input: Uint8Array | string | object): ParsedBundle {
  let json: unknown = input
  if (typeof input === 'string' || input instanceof Uint8Array) {
    const text = typeof input === 'string' ? input : Buffer.from(input).toString('utf8')
    try {
      json = JSON.parse(text)
    } catch (err) {
      return malformed(
        undefined,
        `The bundle is not valid JSON (truncated or corrupted?): ${describeError(err)}.`,
      )
    }
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return malformed(undefined, 'The bundle is not a JSON object.')
  }
  const record = json as Record<string, unknown>
  const mediaType = typeof record.mediaType === 'string' ? record.mediaType : undefined
  if (mediaType === undefined || !BUNDLE_MEDIA_TYPES.includes(mediaType)) {
    return { ok: false, verdict: unknownMediaType(record, mediaType) }
  }
  try {
    return { ok: true, bundle: bundleFromJSON(json), mediaType }
  } catch (err) {
    const fields =
      err instanceof ValidationError && err.fields ? `: missing or invalid ${err.fields.join(', ')}` : ''
    return malformed(
      mediaType,
      `The bundle is not a valid ${mediaType} bundle${fields} (${describeError(err)}).`,
    )
  }
}

function unknownMediaType(record: Record<string, unknown>, mediaType: string | undefined): SigstoreVerdict {
  // cosign before the protobuf bundle wrote {base64Signature, cert, rekorBundle} under the same names.
  const legacyCosign = 'base64Signature' in record || 'rekorBundle' in record
  const found = mediaType === undefined ? 'no mediaType' : `mediaType ${JSON.stringify(mediaType)}`
  const reason = legacyCosign
    ? `This is a legacy cosign bundle (base64Signature/rekorBundle), not a Sigstore bundle; re-sign with cosign --new-bundle-format.`
    : `Unsupported bundle: ${found}; expected one of ${BUNDLE_MEDIA_TYPES.join(', ')}.`
  const verdict: SigstoreVerdict = { valid: false, code: 'UNSUPPORTED_MEDIA_TYPE', reason }
  if (mediaType !== undefined) verdict.mediaType = mediaType
  return verdict
}

function malformed(mediaType: string | undefined, reason: string): ParsedBundle {
  const verdict: SigstoreVerdict = { valid: false, code: 'MALFORMED', reason }
  if (mediaType !== undefined) verdict.mediaType = mediaType
  return { ok: false, verdict }
}
