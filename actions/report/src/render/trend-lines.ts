import type { Report } from '@postflight/core'
import type { Trends } from '../history/trends.ts'
import { formatMs } from './common.ts'

/** One titled list of the trends, as plain text: each renderer escapes it its own way. */
export interface TrendSection {
  title: string
  items: string[]
}

/** The report's trends as sections, empty ones left out; none when the report has no history. */
export function trendSections(report: Report, limit = 50): TrendSection[] {
  const t = report.trend as Trends | undefined
  if (!t || !Array.isArray(t.newlyFailing)) return []
  // Only the items shown are turned into text: a history of 100,000 checks can list tens of
  // thousands below 100%, and each renderer calls this.
  const cap = <T>(items: readonly T[], line: (item: T) => string): string[] => {
    const lines = items.slice(0, limit).map(line)
    if (items.length > limit) lines.push(`…and ${items.length - limit} more (report.json)`)
    return lines
  }
  const name = (c: { leg: string; id: string }): string => `${c.leg} ${c.id}`
  const since = t.since?.release ? ` since ${t.since.tag}` : t.since ? ' since the previous run' : ''
  return [
    { title: `Newly failing${since}`, items: cap(t.newlyFailing, name) },
    { title: `Newly fixed${since}`, items: cap(t.newlyFixed, name) },
    // Against the previous release, the previous run (what fail-on regression judges) is told apart.
    ...(t.since?.release
      ? [
          {
            title: 'Regressed since the previous run',
            items: cap(t.regressed, name),
          },
        ]
      : []),
    { title: 'Flaky (passed only on retry)', items: cap(t.flaky, name) },
    {
      title: 'Slower than usual',
      items: cap(
        t.durationRegressions,
        (c) => `${c.leg} ${c.id}: ${formatMs(c.ms)} (median ${formatMs(c.medianMs)})`,
      ),
    },
    {
      title: `Pass rate below 100% over the last ${t.runs} runs`,
      items: cap(
        [...t.unstable].sort((a, b) => a.passed / a.runs - b.passed / b.runs),
        (c) => `${c.leg} ${c.id}: ${c.passed}/${c.runs}`,
      ),
    },
  ].filter((s) => s.items.length > 0)
}
