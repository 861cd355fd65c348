import type { CheckOutcome } from '@postflight/core'
import type { Finding, InventoryPackage, Severity } from '../types.ts'
import { applyIgnores, gateFindings, type IgnoreRule, type OsvDatabase } from '../vuln/index.ts'
import { packageKey } from '../vuln/osv-db.ts'
import { versionCompare } from '../vuln/version/index.ts'

export interface GateSettings {
  threshold: Severity
  ignoreUnfixed: boolean
  ignores: IgnoreRule[]
  now: Date
}

export interface GateVerdict {
  outcome: CheckOutcome
  kept: Finding[]
  blocking: Finding[]
}

function label(f: Finding): string {
  return `${f.id} in ${f.package.name}@${f.installedVersion} (${f.severity}${f.fixedVersion ? `, fixed in ${f.fixedVersion}` : ', no fix'})`
}

/**
 * One vulnerability gate: the findings left after the ignore file, split by the threshold. It reads
 * the findings only, never the output formats asked for, so the verdict is the same with or without
 * SARIF or an SBOM.
 */
export function gateVerdict(findings: Finding[], settings: GateSettings): GateVerdict {
  const { kept, ignored } = applyIgnores(findings, settings.ignores, settings.now)
  const { blocking } = gateFindings(kept, {
    threshold: settings.threshold,
    ignoreUnfixed: settings.ignoreUnfixed,
  })
  const evidence = {
    findings: kept.length,
    ignored: ignored.map((f) => `${f.id}:${f.package.name}`),
    blocking: blocking.map((f) => ({
      id: f.id,
      package: f.package.name,
      version: f.installedVersion,
      severity: f.severity,
      fixed: f.fixedVersion ?? null,
    })),
    threshold: settings.threshold,
  }
  const counts = `${kept.length} finding${kept.length === 1 ? '' : 's'}${ignored.length ? `, ${ignored.length} ignored` : ''}`
  if (blocking.length > 0) {
    const shown = blocking.slice(0, 10).map(label).join('; ')
    const more = blocking.length > 10 ? `; and ${blocking.length - 10} more` : ''
    return {
      outcome: {
        status: 'fail',
        message: `${blocking.length} at or above ${settings.threshold}: ${shown}${more} (${counts})`,
        evidence,
      },
      kept,
      blocking,
    }
  }
  return {
    outcome: { status: 'pass', message: `none at or above ${settings.threshold} (${counts})`, evidence },
    kept,
    blocking,
  }
}

/** An ignore past its expiry ignores nothing, and fails loudly so it is renewed or removed. */
export function expiredIgnoresOutcome(rules: IgnoreRule[], now: Date, file: string): CheckOutcome {
  const { expired } = applyIgnores([], rules, now)
  if (expired.length > 0) {
    return {
      status: 'fail',
      message: `${expired.length} ignore${expired.length === 1 ? ' has' : 's have'} expired in ${file}: ${expired.map((r) => `${r.id}${r.package ? ` (${r.package})` : ''} on ${r.expires}`).join(', ')}; renew the entry with a new reason or fix the finding`,
      evidence: { expired: expired.map((r) => ({ id: r.id, expires: r.expires })) },
      location: { path: file },
    }
  }
  return { status: 'pass', message: `${rules.length} ignore${rules.length === 1 ? '' : 's'} in force` }
}

/**
 * The built-in matcher's coverage: packages of an ecosystem the OSV database holds no record for
 * were not checked at all, so a gate over them alone would be green for nothing. A passing gate
 * with such packages is a warning naming them; a failing one says so too.
 */
export function withCoverage(
  outcome: CheckOutcome,
  packages: InventoryPackage[],
  db: OsvDatabase,
): CheckOutcome {
  const unchecked = new Map<string, number>()
  const unreadable: string[] = []
  for (const p of packages) {
    if (!db.ecosystems.has(p.ecosystem)) {
      unchecked.set(p.ecosystem, (unchecked.get(p.ecosystem) ?? 0) + 1)
      continue
    }
    // A version its ecosystem's ordering cannot read matches no range: that package was not checked.
    // Looked up as matchPackages does: OS packages by their source name and version.
    const bySource = p.ecosystem === 'Debian' || p.ecosystem === 'Ubuntu' || p.ecosystem === 'Alpine'
    if (!db.entries.has(packageKey(p.ecosystem, bySource ? (p.sourceName ?? p.name) : p.name))) continue
    const compare = versionCompare(p.ecosystem)
    const version = bySource && p.sourceVersion ? p.sourceVersion : p.version
    try {
      compare?.(version, version)
    } catch {
      unreadable.push(`${p.name}@${version}`)
    }
  }
  if (unchecked.size === 0 && unreadable.length === 0) return outcome
  const notes: string[] = []
  if (unchecked.size > 0) {
    const count = [...unchecked.values()].reduce((a, b) => a + b, 0)
    notes.push(
      `${count} package${count === 1 ? '' : 's'} not checked, ${db.source} has no record for ${[...unchecked.keys()].sort().join(', ')}`,
    )
  }
  if (unreadable.length > 0) {
    notes.push(
      `${unreadable.length} package${unreadable.length === 1 ? '' : 's'} not checked, version not readable: ${unreadable.slice(0, 5).join(', ')}${unreadable.length > 5 ? ', …' : ''}`,
    )
  }
  return {
    ...outcome,
    status: outcome.status === 'pass' ? 'warn' : outcome.status,
    message: `${outcome.message}; ${notes.join('; ')}`,
    evidence: {
      ...(outcome.evidence ?? {}),
      ...(unchecked.size > 0 ? { unchecked: Object.fromEntries(unchecked) } : {}),
      ...(unreadable.length > 0 ? { unreadableVersions: unreadable } : {}),
    },
  }
}
