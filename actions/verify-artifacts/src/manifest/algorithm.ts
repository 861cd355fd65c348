import type { ManifestAlgorithm } from './types.ts'

const HEX_LENGTH: Record<ManifestAlgorithm, number> = { md5: 32, sha1: 40, sha256: 64, sha512: 128 }

const LABEL: Record<ManifestAlgorithm, string> = {
  md5: 'MD5',
  sha1: 'SHA-1',
  sha256: 'SHA-256',
  sha512: 'SHA-512',
}

// `shasum --tag` and coreutils print SHA256; OpenSSL 3 prints SHA2-256. SHA3-256 must not be
// mistaken for SHA-256, so the tags are listed rather than pattern-matched.
const TAGS: Record<string, ManifestAlgorithm> = {
  MD5: 'md5',
  SHA1: 'sha1',
  'SHA-1': 'sha1',
  SHA256: 'sha256',
  'SHA-256': 'sha256',
  'SHA2-256': 'sha256',
  SHA512: 'sha512',
  'SHA-512': 'sha512',
  'SHA2-512': 'sha512',
}

/** Hex digits a digest of this algorithm has. */
export function hexLength(algorithm: ManifestAlgorithm): number {
  return HEX_LENGTH[algorithm]
}

/** Human name of the algorithm, for messages. */
export function algorithmLabel(algorithm: ManifestAlgorithm): string {
  return LABEL[algorithm]
}

/** The algorithm a BSD-style tag names, or undefined for tags we cannot check (SHA384, BLAKE2b, SHA3-256…). */
export function algorithmFromTag(tag: string): ManifestAlgorithm | undefined {
  return TAGS[tag.toUpperCase()]
}

/** The algorithm a digest of this many hex digits must be, if any. */
export function algorithmFromHexLength(length: number): ManifestAlgorithm | undefined {
  return (Object.keys(HEX_LENGTH) as ManifestAlgorithm[]).find(
    (algorithm) => HEX_LENGTH[algorithm] === length,
  )
}

// The algorithm must stand as its own token (SHA512SUMS, checksums-sha256.txt, app.sha256sum,
// sha256.sum) so a product that merely contains "md5" in its name is not read as a hint.
const NAME_TOKEN =
  /(?:^|[^a-z0-9])(sha2?-?(?:1|224|256|384|512)|sha3-?\d+|md5|b2|blake\w*)(?:sums?)?(?=[^a-z0-9]|$)/gi

const TOKEN_ALGORITHMS: Record<string, ManifestAlgorithm> = {
  sha1: 'sha1',
  'sha-1': 'sha1',
  sha256: 'sha256',
  'sha-256': 'sha256',
  'sha2-256': 'sha256',
  sha512: 'sha512',
  'sha-512': 'sha512',
  'sha2-512': 'sha512',
  md5: 'md5',
}

/**
 * The algorithm the manifest's own name announces (SHA512SUMS, app.tar.gz.sha256), 'unsupported'
 * when it names one we cannot check (B2SUMS, SHA384SUMS), or undefined when it says nothing.
 */
export function algorithmFromFileName(fileName: string): ManifestAlgorithm | 'unsupported' | undefined {
  // Only the last path segment speaks for the manifest: a folder called sha256/ says nothing.
  const base = fileName.split(/[\\/]/).pop() ?? fileName
  // The last token wins: in app-sha256.tar.gz.sha512 the extension is what describes the file.
  const tokens = [...base.matchAll(NAME_TOKEN)].map((match) => (match[1] ?? '').toLowerCase())
  const last = tokens.at(-1)
  if (last === undefined) return undefined
  return TOKEN_ALGORITHMS[last] ?? 'unsupported'
}
