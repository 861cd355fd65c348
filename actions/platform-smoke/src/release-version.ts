import semver from 'semver'

// A version in program output: `1.2.3`, `v1.2.3-rc.1`, `1.2.3+abc`, not part of a longer number
// (11.2.3, 1.2.3.4) and not a word's tail (`x1.2.3`).
const IN_OUTPUT =
  /(?<![0-9A-Za-z.])v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z.-]+)?)(?![0-9]|\.[0-9])/g

export interface VersionMatch {
  ok: boolean
  /** Every version-looking string the output holds, as printed (without a `v`). */
  found: string[]
}

/**
 * Whether a program's output reports `expected` as the first version it prints, compared as semver: a `v` prefix and build
 * metadata do not matter, a pre-release does (1.2.3-rc.1 is not 1.2.3). A version that is not
 * semver (2024.05, 1.2) is matched as text, bounded so 1.2 does not match 1.20.
 */
export function outputHasVersion(output: string, expected: string): VersionMatch {
  const found = [...output.matchAll(IN_OUTPUT)].map((m) => m[1] as string)
  const want = semver.parse(semver.clean(expected, { loose: true }) ?? '')
  if (!want) {
    const escaped = expected.replace(/^v/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    const ok = new RegExp(`(?<![0-9A-Za-z.])v?${escaped}(?![0-9]|\\.[0-9])`).test(output)
    return { ok, found }
  }
  // The first version printed is the program's own: later ones are dependencies or an
  // "update available: 1.2.3" notice, which must not vouch for a stale binary.
  const first = found[0] === undefined ? null : semver.parse(found[0])
  const ok = first !== null && semver.compare(first, want) === 0
  return { ok, found }
}
