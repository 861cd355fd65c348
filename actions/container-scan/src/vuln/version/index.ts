import { compare as comparePep440, valid as validPep440 } from '@renovatebot/pep440'
import semver from 'semver'
import { compareApk } from './apk.ts'
import { compareDpkg } from './dpkg.ts'
import { compareRpm } from './rpm.ts'

/** Compares two versions of one ecosystem; throws when a version cannot be read in it. */
export type VersionCompare = (a: string, b: string) => number

/** Pads `1.2` to `1.2.0` and drops a Go `v` prefix and `+incompatible`, so semver can read them. */
export function toSemver(version: string): string {
  let v = version.trim().replace(/^(?:v|go)(?=\d)/, '')
  v = v.replace(/\+incompatible$/, '')
  const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(.*)$/.exec(v)
  if (m && (m[2] === undefined || m[3] === undefined)) {
    v = `${m[1]}.${m[2] ?? '0'}.${m[3] ?? '0'}${m[4]}`
  }
  return v
}

function compareSemver(a: string, b: string): number {
  const x = semver.parse(toSemver(a))
  const y = semver.parse(toSemver(b))
  if (!x || !y) throw new Error(`not a semantic version: ${x ? b : a}`)
  return x.compare(y)
}

function comparePython(a: string, b: string): number {
  if (!validPep440(a) || !validPep440(b)) throw new Error(`not a PEP 440 version: ${validPep440(a) ? b : a}`)
  return comparePep440(a, b)
}

const BY_ECOSYSTEM: Record<string, VersionCompare> = {
  Debian: compareDpkg,
  Ubuntu: compareDpkg,
  Alpine: compareApk,
  npm: compareSemver,
  Go: compareSemver,
  'crates.io': compareSemver,
  PyPI: comparePython,
  'Red Hat': compareRpm,
  'Rocky Linux': compareRpm,
  AlmaLinux: compareRpm,
}

/**
 * The version ordering of an OSV ecosystem (its base name, without `:release`), or undefined when
 * Postflight does not know how that ecosystem orders versions.
 */
export function versionCompare(ecosystem: string): VersionCompare | undefined {
  return BY_ECOSYSTEM[ecosystem]
}

/** The ordering for SEMVER ranges, whatever the ecosystem (OSV says they are semver 2.0). */
export const semverCompare: VersionCompare = compareSemver
