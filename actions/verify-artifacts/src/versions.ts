import semver from 'semver'

// A version core in a file name: not preceded by a letter or digit (x86_64 and v prefixes aside),
// and not followed by a digit or by `.digit` (1.2.3.4 is a different, four-part version).
const CORE = /(?<![0-9A-Za-z]|[0-9]\.)v?(\d+\.\d+\.\d+)(?![0-9]|\.[0-9])/g
const PRERELEASE_AFTER =
  /^[-._~]?(rc|alpha|beta|pre|preview|dev|snapshot|canary|next|nightly)[-._]?[0-9A-Za-z]*/i

/** Every version that appears in an asset name, with a pre-release suffix when one follows the core. */
export function versionsInName(name: string): string[] {
  const found: string[] = []
  for (const m of name.matchAll(CORE)) {
    const core = m[1] as string
    const rest = name.slice((m.index ?? 0) + m[0].length)
    const pre = PRERELEASE_AFTER.exec(rest)
    found.push(pre ? `${core}-${pre[0].replace(/^[-._~]/, '')}` : core)
  }
  return found
}

/** True when `rest` starts with `prefix` and then ends or goes on with a separator that is not `.digit`. */
function startsWithWhole(rest: string, prefix: string): boolean {
  if (!rest.toLowerCase().startsWith(prefix.toLowerCase())) return false
  const next = rest.slice(prefix.length)
  return next === '' || /^(?:[^0-9A-Za-z.]|\.[^0-9])/.test(next)
}

/** True when `name` carries `version` whole: 1.2.3 matches neither 1.2.3-rc.1, 11.2.3 nor 1.2.3.4. */
export function nameCarriesVersion(name: string, version: string): boolean {
  const parsed = semver.parse(version)
  if (!parsed) {
    // Not semver (calendar versions, 1.2): the exact text, bounded on both sides.
    const escaped = version.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    return new RegExp(`(?<![0-9A-Za-z])v?${escaped}(?![0-9]|\\.[0-9])`).test(name)
  }
  const core = `${parsed.major}.${parsed.minor}.${parsed.patch}`
  const pre = parsed.prerelease.join('.')
  for (const m of name.matchAll(CORE)) {
    if (m[1] !== core) continue
    const rest = name.slice((m.index ?? 0) + m[0].length)
    if (pre === '') {
      if (!PRERELEASE_AFTER.test(rest)) return true
      continue
    }
    const afterSeparator = rest.replace(/^[-._~]/, '')
    // rc.1 is often written rc1 in file names.
    if (startsWithWhole(afterSeparator, pre) || startsWithWhole(afterSeparator, pre.replace(/\./g, '')))
      return true
  }
  return false
}
