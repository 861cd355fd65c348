// dpkg version ordering (deb-version(7), "Sorting algorithm"). Hand-written because the npm packages
// that do this are tiny and unmaintained (deb-version-compare: one release, no tests against dpkg), and
// the algorithm is short and fully specified: epoch, then upstream and revision each compared as
// alternating non-digit / digit runs, where `~` sorts before everything, even the end of the string,
// and letters sort before non-letters.

interface DebVersion {
  epoch: number
  upstream: string
  revision: string
}

/** Splits `[epoch:]upstream[-revision]`; the revision is after the LAST hyphen. */
export function parseDpkgVersion(version: string): DebVersion {
  const trimmed = version.trim()
  const colon = trimmed.indexOf(':')
  const epoch = colon > 0 ? Number(trimmed.slice(0, colon)) : 0
  const rest = colon > 0 ? trimmed.slice(colon + 1) : trimmed
  const hyphen = rest.lastIndexOf('-')
  return {
    epoch: Number.isFinite(epoch) ? epoch : 0,
    upstream: hyphen >= 0 ? rest.slice(0, hyphen) : rest,
    revision: hyphen >= 0 ? rest.slice(hyphen + 1) : '',
  }
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9'
}

/** The weight of one character in a non-digit run: `~` lowest, then end of string, letters, the rest. */
function order(c: string | undefined): number {
  if (c === undefined || isDigit(c)) return 0
  if (c === '~') return -1
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return c.charCodeAt(0)
  return c.charCodeAt(0) + 256
}

function comparePart(a: string, b: string): number {
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    let firstDiff = 0
    while ((i < a.length && !isDigit(a[i])) || (j < b.length && !isDigit(b[j]))) {
      const diff = order(a[i]) - order(b[j])
      if (diff !== 0) return Math.sign(diff)
      i++
      j++
    }
    while (a[i] === '0') i++
    while (b[j] === '0') j++
    while (isDigit(a[i]) && isDigit(b[j])) {
      if (firstDiff === 0) firstDiff = (a.charCodeAt(i) - b.charCodeAt(j)) | 0
      i++
      j++
    }
    if (isDigit(a[i])) return 1
    if (isDigit(b[j])) return -1
    if (firstDiff !== 0) return Math.sign(firstDiff)
  }
  return 0
}

/** Compares two Debian package versions as dpkg does: negative, zero or positive. */
export function compareDpkg(a: string, b: string): number {
  const x = parseDpkgVersion(a)
  const y = parseDpkgVersion(b)
  if (x.epoch !== y.epoch) return x.epoch < y.epoch ? -1 : 1
  return comparePart(x.upstream, y.upstream) || comparePart(x.revision, y.revision)
}
