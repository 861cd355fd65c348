import { PostflightError } from '@postflight/core'
import type { OsvEvent, OsvRecord, OsvSeverity } from './osv-record.ts'

/** One advisory, kept small: the long texts and reference lists of the record are dropped. */
export interface OsvAdvisory {
  id: string
  aliases: string[]
  summary?: string
  url?: string
  /** The record's CVSS vectors (and other typed scores) as given. */
  severity: OsvSeverity[]
  /** The database's own rating, e.g. GHSA `HIGH` in database_specific.severity. */
  rating?: string
}

/** One affected[] entry of an advisory, indexed under its ecosystem and package name. */
export interface OsvEntry {
  advisory: OsvAdvisory
  /** The ecosystem without its release: `Debian` for `Debian:12`. */
  ecosystem: string
  /** The release after the colon (`12`, `v3.19`), when the ecosystem names one. */
  release?: string
  /** ECOSYSTEM and SEMVER ranges (GIT ranges name commits, not versions: dropped). */
  ranges: { type: 'ECOSYSTEM' | 'SEMVER'; events: OsvEvent[] }[]
  versions?: string[]
  /** Per-package severity (affected[].severity) and rating (e.g. Debian urgency), when given. */
  severity?: OsvSeverity[]
  rating?: string
}

export interface OsvDatabase {
  /** The folder or zip it was read from. */
  source: string
  /** Records read, withdrawn ones included. */
  records: number
  withdrawn: number
  /** Key: `${ecosystem}\0${normalised package name}`. */
  entries: Map<string, OsvEntry[]>
  /** affected[] entries per ecosystem, for the log. */
  ecosystems: Map<string, number>
}

export function emptyDatabase(source: string): OsvDatabase {
  return { source, records: 0, withdrawn: 0, entries: new Map(), ecosystems: new Map() }
}

/** `Debian:12` → [`Debian`, `12`]; `Ubuntu:22.04:LTS` → [`Ubuntu`, `22.04:LTS`]. */
export function splitEcosystem(ecosystem: string): [string, string | undefined] {
  const colon = ecosystem.indexOf(':')
  return colon < 0 ? [ecosystem, undefined] : [ecosystem.slice(0, colon), ecosystem.slice(colon + 1)]
}

/** PyPI names compare normalised (PEP 503); every other ecosystem names packages exactly. */
export function packageKey(ecosystem: string, name: string): string {
  const n = ecosystem === 'PyPI' ? name.toLowerCase().replace(/[-_.]+/g, '-') : name
  return `${ecosystem}\0${n}`
}

function ratingOf(databaseSpecific: unknown, key: 'severity' | 'urgency'): string | undefined {
  if (databaseSpecific === null || typeof databaseSpecific !== 'object') return undefined
  const value = (databaseSpecific as Record<string, unknown>)[key]
  return typeof value === 'string' ? value : undefined
}

function advisoryOf(record: OsvRecord): OsvAdvisory {
  const advisory: OsvAdvisory = {
    id: record.id,
    aliases: record.aliases ?? [],
    severity: record.severity ?? [],
  }
  const summary = record.summary ?? record.details?.split('\n')[0]
  if (summary) advisory.summary = summary.length > 300 ? `${summary.slice(0, 297)}...` : summary
  const url = record.references?.find((r) => r.type === 'ADVISORY')?.url ?? record.references?.[0]?.url
  if (url) advisory.url = url
  const rating = ratingOf(record.database_specific, 'severity')
  if (rating) advisory.rating = rating
  return advisory
}

/** Adds one validated record to the index. */
export function addRecord(db: OsvDatabase, record: OsvRecord): void {
  db.records++
  if (record.withdrawn) {
    db.withdrawn++
    return
  }
  const advisory = advisoryOf(record)
  for (const affected of record.affected ?? []) {
    if (!affected.package) continue
    const [ecosystem, release] = splitEcosystem(affected.package.ecosystem)
    const entry: OsvEntry = { advisory, ecosystem, ranges: [] }
    if (release) entry.release = release
    for (const range of affected.ranges ?? []) {
      if (range.type === 'ECOSYSTEM' || range.type === 'SEMVER') {
        entry.ranges.push({ type: range.type, events: range.events })
      }
    }
    if (affected.versions && affected.versions.length > 0) entry.versions = affected.versions
    if (affected.severity && affected.severity.length > 0) entry.severity = affected.severity
    // Debian puts its urgency in ecosystem_specific (osv.dev's Debian converter); some feeds use
    // database_specific. Both are read only for this one rating word.
    const rating =
      ratingOf(affected.database_specific, 'severity') ??
      ratingOf(affected.ecosystem_specific, 'urgency') ??
      ratingOf(affected.database_specific, 'urgency')
    if (rating) entry.rating = rating
    if (entry.ranges.length === 0 && !entry.versions) continue
    const key = packageKey(ecosystem, affected.package.name)
    const list = db.entries.get(key)
    if (list) list.push(entry)
    else db.entries.set(key, [entry])
    db.ecosystems.set(ecosystem, (db.ecosystems.get(ecosystem) ?? 0) + 1)
  }
}

/** A BAD_INPUT error naming the record's file and, when known, the field. */
export function badRecord(file: string, why: string, cause?: unknown): PostflightError {
  return new PostflightError(
    'BAD_INPUT',
    `${file} is not a valid OSV record: ${why}. Point osv-db at a folder or zip of OSV JSON records (the osv.dev exports, e.g. https://osv-vulnerabilities.storage.googleapis.com/Debian/all.zip).`,
    { field: 'osv-db', cause },
  )
}
