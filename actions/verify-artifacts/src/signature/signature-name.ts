const SIGNATURE_EXTENSIONS = ['.asc', '.sig', '.gpg']

// KEYS.asc, release-pubkey.gpg and the like are keys published next to a release, not signatures.
const KEY_FILE = /(?:^|[._-])(?:pub|public|signing)?[_-]?keys?(?:ring)?$/i

/**
 * True when the name looks like a detached signature (`.asc`, `.sig`, `.gpg`), judged by name
 * alone: a `.sig` may still turn out to be a cosign or minisign signature when it is read.
 */
export function isSignatureName(name: string): boolean {
  const lower = name.toLowerCase()
  const extension = SIGNATURE_EXTENSIONS.find((candidate) => lower.endsWith(candidate))
  if (extension === undefined || lower.length === extension.length) return false
  return !KEY_FILE.test(name.slice(0, -extension.length))
}

/**
 * The detached signature published for `fileName` among `allNames` (`app.tar.gz` → `app.tar.gz.asc`,
 * `.sig` or `.gpg`, in that order of preference: `.asc` is the least likely to be something other
 * than OpenPGP), or undefined when there is none.
 */
export function signatureFor(fileName: string, allNames: Iterable<string>): string | undefined {
  const names = new Set(allNames)
  return SIGNATURE_EXTENSIONS.map((extension) => `${fileName}${extension}`).find((candidate) =>
    names.has(candidate),
  )
}
