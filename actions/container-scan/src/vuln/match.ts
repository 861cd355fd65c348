import type { Finding, InventoryPackage } from '../types.ts'
import { type OsvAdvisory, type OsvDatabase, type OsvEntry, packageKey } from './osv-db.ts'
import type { OsvEvent } from './osv-record.ts'
import { type Rated, rate } from './severity.ts'
import { semverCompare, type VersionCompare, versionCompare } from './version/index.ts'

/** OS package ecosystems whose advisories name the SOURCE package (Debian, Ubuntu and Alpine secdb). */
const BY_SOURCE = new Set(['Debian', 'Ubuntu', 'Alpine'])

// Releases compare by their number: `Alpine:v3.19` and 3.19.1 are one Alpine release, `Debian:12`
// and 12.4 one Debian release, `Ubuntu:Pro:18.04:LTS` and 18.04 one Ubuntu release. Alpine and
// Ubuntu releases are major.minor; Debian and the RPM distributions name only the major.
const MAJOR_MINOR = new Set(['Alpine', 'Ubuntu'])

function releaseNumber(ecosystem: string, release: string): string | undefined {
  const m = /\d+(?:\.\d+)*/.exec(release)
  if (!m) return undefined
  return m[0]
    .split('.')
    .slice(0, MAJOR_MINOR.has(ecosystem) ? 2 : 1)
    .map((n) => String(Number(n)))
    .join('.')
}

function sameRelease(ecosystem: string, recordRelease: string, distroVersion: string): boolean {
  const a = releaseNumber(ecosystem, recordRelease)
  return a === undefined ? recordRelease === distroVersion : a === releaseNumber(ecosystem, distroVersion)
}

export interface RangeHit {
  affected: boolean
  /** The first `fixed` above the version, on the line that affects it. */
  fixed?: string
}

const isZero = (v: string): boolean => v === '0' || v === '0.0.0-0'

/** The OSV evaluation of one range (https://ossf.github.io/osv-schema/#evaluation), for one version. */
export function evaluateRange(
  events: readonly OsvEvent[],
  version: string,
  compare: VersionCompare,
): RangeHit {
  const at = (e: OsvEvent): string => (e.introduced ?? e.fixed ?? e.last_affected ?? e.limit) as string
  const sorted = events
    .filter((e) => at(e) !== undefined)
    .sort((a, b) => {
      const x = at(a)
      const y = at(b)
      if (a.introduced !== undefined && isZero(x)) return -1
      if (b.introduced !== undefined && isZero(y)) return 1
      return compare(x, y)
    })
  const limits = sorted.filter((e) => e.limit !== undefined).map((e) => e.limit as string)
  if (limits.length > 0 && !limits.some((l) => compare(version, l) < 0)) return { affected: false }
  let affected = false
  let fixed: string | undefined
  for (const e of sorted) {
    if (e.limit !== undefined) continue
    const zero = e.introduced !== undefined && isZero(e.introduced)
    if (!zero && compare(version, at(e)) < 0) {
      // Events above the version do not change its state; the next one says how it is fixed.
      if (affected && e.fixed !== undefined) fixed = e.fixed
      break
    }
    if (e.introduced !== undefined) affected = true
    else if (e.fixed !== undefined) affected = false
    else if (e.last_affected !== undefined && compare(version, e.last_affected) > 0) affected = false
  }
  return affected ? (fixed ? { affected, fixed } : { affected }) : { affected: false }
}

/** Whether one affected[] entry covers one version; unreadable versions are skipped, never thrown. */
export function entryAffects(entry: OsvEntry, version: string): RangeHit {
  const ecosystemCompare = versionCompare(entry.ecosystem)
  for (const range of entry.ranges) {
    const compare = range.type === 'SEMVER' ? semverCompare : ecosystemCompare
    if (!compare) continue
    try {
      const hit = evaluateRange(range.events, version, compare)
      if (hit.affected) return hit
    } catch {
      // A version this ecosystem's ordering cannot read (a vendor suffix, a typo in the feed):
      // this range cannot decide; the explicit versions list below still can.
    }
  }
  if (entry.versions?.includes(version)) return { affected: true }
  if (entry.versions && ecosystemCompare) {
    for (const v of entry.versions) {
      try {
        if (ecosystemCompare(v, version) === 0) return { affected: true }
      } catch {
        // as above
      }
    }
  }
  return { affected: false }
}

/** Ratings are computed once per advisory (CVSS scoring is the costly part of a match). */
function rated(cache: Map<OsvAdvisory, Rated>, entry: OsvEntry): Rated {
  if (entry.severity || entry.rating) {
    const own = rate(entry.severity ?? entry.advisory.severity, entry.rating ?? entry.advisory.rating)
    if (own.severity !== 'unknown') return own
  }
  let r = cache.get(entry.advisory)
  if (!r) {
    r = rate(entry.advisory.severity, entry.advisory.rating)
    cache.set(entry.advisory, r)
  }
  return r
}

/**
 * Matches inventoried packages against an OSV index: one finding per (advisory, package). OS packages
 * are looked up by source name, and only advisories of their distribution release count.
 */
export function matchPackages(pkgs: InventoryPackage[], db: OsvDatabase): Finding[] {
  const findings: Finding[] = []
  const cache = new Map<OsvAdvisory, Rated>()
  for (const pkg of pkgs) {
    const bySource = BY_SOURCE.has(pkg.ecosystem)
    const name = bySource ? (pkg.sourceName ?? pkg.name) : pkg.name
    // Source-keyed records are versioned by source too: a binary with its own epoch or a binNMU
    // suffix is compared at its source's version.
    const version = bySource && pkg.sourceVersion ? pkg.sourceVersion : pkg.version
    const entries = db.entries.get(packageKey(pkg.ecosystem, name))
    if (!entries) continue
    const seen = new Set<string>()
    const own: Finding[] = []
    for (const entry of entries) {
      if (seen.has(entry.advisory.id)) continue
      if (
        entry.release &&
        pkg.distroVersion &&
        !sameRelease(entry.ecosystem, entry.release, pkg.distroVersion)
      ) {
        continue
      }
      const hit = entryAffects(entry, version)
      if (!hit.affected) continue
      seen.add(entry.advisory.id)
      const r = rated(cache, entry)
      const finding: Finding = {
        id: entry.advisory.id,
        aliases: entry.advisory.aliases,
        package: pkg,
        installedVersion: pkg.version,
        severity: r.severity,
        source: 'osv',
      }
      if (hit.fixed) finding.fixedVersion = hit.fixed
      if (r.score !== undefined) finding.score = r.score
      if (r.cvssVector) finding.cvssVector = r.cvssVector
      if (entry.advisory.summary) finding.summary = entry.advisory.summary
      finding.url = entry.advisory.url ?? `https://osv.dev/vulnerability/${entry.advisory.id}`
      own.push(finding)
    }
    // Per package by advisory id: the same findings in the same order whatever order the records came in.
    findings.push(...own.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)))
  }
  return findings
}
