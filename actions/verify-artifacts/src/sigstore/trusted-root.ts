import { readFile } from 'node:fs/promises'
import { describeError, PostflightError } from '@postflight/core'
import { TrustedRoot } from '@sigstore/protobuf-specs'
import { toTrustMaterial } from '@sigstore/verify'
import { embeddedPublicGoodRoot } from './default-root.ts'
import type { SigstoreTrustedRoot } from './types.ts'

const FIELD = 'trusted-root'
const MEDIA_TYPE = /^application\/vnd\.dev\.sigstore\.trustedroot(\.v0\.\d+)?\+json/

/**
 * Loads a Sigstore trusted_root.json from `source` (a path), or the public-good root embedded in the
 * action when `source` is empty. Throws BAD_INPUT naming `trusted-root` when the file cannot be read
 * or is not a usable trusted root: verification without the right root cannot mean anything.
 */
export async function loadTrustedRoot(source?: string): Promise<SigstoreTrustedRoot> {
  if (source === undefined || source.trim() === '') {
    const embedded = embeddedPublicGoodRoot()
    return parseTrustedRoot(embedded.json, embedded.source)
  }
  let text: string
  try {
    text = await readFile(source, 'utf8')
  } catch (err) {
    throw badRoot(source, `cannot be read (${describeError(err)})`, err)
  }
  return parseTrustedRoot(text, source)
}

/** Parses a trusted_root.json text; BAD_INPUT naming `trusted-root` when it is not a usable root. */
export function parseTrustedRoot(text: string, source: string): SigstoreTrustedRoot {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (err) {
    throw badRoot(source, `is not JSON (${describeError(err)})`, err)
  }
  const mediaType = (json as { mediaType?: unknown } | null)?.mediaType
  if (typeof mediaType !== 'string' || !MEDIA_TYPE.test(mediaType)) {
    throw badRoot(source, `has mediaType ${JSON.stringify(mediaType)}, not a Sigstore trusted root`)
  }
  try {
    const root = TrustedRoot.fromJSON(json)
    // Parsing every key and certificate now turns a damaged root into a usage error, not a failed bundle.
    const material = toTrustMaterial(root)
    if (material.tlogs.length === 0 && material.timestampAuthorities.length === 0) {
      throw new Error('it lists no transparency log and no timestamp authority, so no bundle could verify')
    }
    return { source, root, material }
  } catch (err) {
    throw badRoot(source, `is not a usable trusted root (${describeError(err)})`, err)
  }
}

function badRoot(source: string, problem: string, cause?: unknown): PostflightError {
  return new PostflightError(
    'BAD_INPUT',
    `trusted-root: expected a Sigstore trusted_root.json; ${source} ${problem}. Give the path of a trusted root ` +
      '(`cosign trusted-root create`, or the TUF target trusted_root.json), or leave trusted-root empty for public-good.',
    { cause, field: FIELD },
  )
}
