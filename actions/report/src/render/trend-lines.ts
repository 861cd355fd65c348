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
  const cap = (items: string[]): string[] =>
    items.length > limit
      ? [...items.slice(0, limit), `…and ${items.length - limit} more (report.json)`]
      : items
  const since = t.since?.release ? ` since ${t.since.tag}` : t.since ? ' since the previous run' : ''
  return [
    { title: `Newly failing${since}`, items: cap(t.newlyFailing.map((c) => `${c.leg} ${c.id}`)) },
    { title: `Newly fixed${since}`, items: cap(t.newlyFixed.map((c) => `${c.leg} ${c.id}`)) },
    // Against the previous release, the previous run (what fail-on regression judges) is told apart.
    ...(t.since?.release
      ? [
          {
            title: 'Regressed since the previous run',
            items: cap(t.regressed.map((c) => `${c.leg} ${c.id}`)),
          },
        ]
      : []),
    { title: 'Flaky (passed only on retry)', items: cap(t.flaky.map((c) => `${c.leg} ${c.id}`)) },
    {
      title: 'Slower than usual',
      items: cap(
        t.durationRegressions.map(
          (c) => `${c.leg} ${c.id}: ${formatMs(c.ms)} (median ${formatMs(c.medianMs)})`,
        ),
      ),
    },
    {
      title: `Pass rate below 100% over the last ${t.runs} runs`,
      items: cap(
        [...t.unstable]
          .sort((a, b) => a.passed / a.runs - b.passed / b.runs)
          .map((c) => `${c.leg} ${c.id}: ${c.passed}/${c.runs}`),
      ),
    },
  ].filter((s) => s.items.length > 0)
}
