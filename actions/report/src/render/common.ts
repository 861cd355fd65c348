import type { Check, CheckStatus, Report, SuiteResult } from '@postflight/core'

export const ICON: Record<CheckStatus, string> = { pass: '✅', fail: '❌', warn: '⚠️', skip: '⏭️', error: '💥' }
export const VERDICT: Record<CheckStatus, string> = {
  pass: 'passed',
  fail: 'FAILED',
  warn: 'passed with warnings',
  skip: 'made no checks',
  error: 'could not be judged',
}

/** `suite@label`, the name `expect` uses. */
export function legName(s: Pick<SuiteResult, 'suite' | 'leg'>): string {
  return `${s.suite}@${s.leg.label}`
}

export function legDurationMs(s: SuiteResult): number {
  const ms = Date.parse(s.finishedAt) - Date.parse(s.startedAt)
  return Number.isFinite(ms) && ms >= 0 ? ms : 0
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`
}

export function releaseName(report: Report): string {
  const r = report.release
  return [r.repo, r.tag ?? r.version].filter(Boolean).join(' ')
}

export function needsAttention(c: Pick<Check, 'status'>): boolean {
  return c.status === 'fail' || c.status === 'error' || c.status === 'warn'
}

/** Evidence as one line of `key: value` pairs. */
export function evidenceLine(check: Check): string {
  if (!check.evidence) return ''
  return Object.entries(check.evidence)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('; ')
}

/** Counts of every check of every leg, without gathering 100,000 checks into one array first. */
export function reportCounts(report: Report): { checks: number; counts: Record<CheckStatus, number> } {
  const counts: Record<CheckStatus, number> = { pass: 0, fail: 0, warn: 0, skip: 0, error: 0 }
  let checks = 0
  for (const s of report.suites) {
    checks += s.checks.length
    for (const c of s.checks) counts[c.status]++
  }
  return { checks, counts }
}
