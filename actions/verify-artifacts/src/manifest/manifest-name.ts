import path from 'node:path'

// Names of whole-release manifests: SHA256SUMS, terraform_1.5.0_SHA256SUMS, B2SUMS, sha256sums.txt,
// goreleaser's checksums.txt (any case, any prefix), cargo-dist's sha256.sum, Node.js's SHASUMS256.txt.
const RELEASE_MANIFEST = [
  /SUMS$/,
  /^SHASUMS(?:256|512)?\.txt$/i,
  /^(?:sha\d+|md5|b2)sums?(?:\.txt)?$/i,
  /checksums?.*\.txt$/i,
  /^(?:sha(?:256|512)|md5)\.sum$/i,
]

// Names of one-asset digest files: app.tar.gz.sha256, app.zip.sha512sum.
const PER_ASSET = /\.(?:sha256|sha512|sha256sum|sha512sum)$/i

function baseName(fileName: string): string {
  return fileName.split(/[\\/]/).pop() ?? fileName
}

function matchesPattern(fileName: string, pattern: string): boolean {
  // A pattern without a slash describes a file name wherever it sits, like .gitignore does.
  const subject = pattern.includes('/') ? fileName : baseName(fileName)
  return subject === pattern || path.posix.matchesGlob(subject, pattern)
}

/**
 * True when the file name looks like a checksum manifest. With `patterns` (exact names or globs),
 * only those count; without, the usual release conventions do (SHA256SUMS, *SUMS,
 * *checksums*.txt, *.sha256, *.sha512, *.sha256sum).
 */
export function isManifestName(fileName: string, patterns?: readonly string[]): boolean {
  if (patterns !== undefined && patterns.length > 0) {
    return patterns.some((pattern) => matchesPattern(fileName, pattern))
  }
  const base = baseName(fileName)
  return PER_ASSET.test(base) || RELEASE_MANIFEST.some((pattern) => pattern.test(base))
}

/** For a one-asset digest file (app.tar.gz.sha256), the asset it describes (app.tar.gz); otherwise undefined. */
export function perAssetSubject(fileName: string): string | undefined {
  const base = baseName(fileName)
  if (!PER_ASSET.test(base)) return undefined
  const subject = base.replace(PER_ASSET, '')
  return subject === '' ? undefined : subject
}
