import { type Check, countByStatus, escapeMarkdown, type Report, type SuiteResult } from '@postflight/core'
import {
  evidenceLine,
  formatMs,
  ICON,
  legDurationMs,
  legName,
  releaseName,
  reportCounts,
  VERDICT,
} from './common.ts'
import { trendSections } from './trend-lines.ts'

/** GitHub rejects a step summary over 1 MiB (bytes); keep a margin for the lines around the tables. */
export const MARKDOWN_BUDGET = 1024 * 1024 - 64 * 1024

export interface MarkdownOptions {
  /** Where the detailed page lives (an artifact or Pages URL), linked from the summary. */
  detailsUrl?: string
  budgetBytes?: number
}

/**
 * The job summary: verdict first, the legs table (suite × platform, counts, durations), then only
 * what failed or warned, with evidence. Rows past the byte budget are dropped whole and counted, so
 * no table is ever cut in half and the summary stays under GitHub's limit however many checks.
 */
export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const { checks, counts } = reportCounts(report)
  const name = releaseName(report)
  const head = [
    `# ${ICON[report.status]} Release ${name ? `${escapeMarkdown(name)} ` : ''}${VERDICT[report.status]}`,
    '',
    `${report.suites.length} legs, ${checks} checks: ${counts.pass} passed, ${counts.fail} failed, ${counts.warn} warnings, ${counts.error} errors, ${counts.skip} skipped${report.missing.length ? ` · **${report.missing.length} expected legs missing**` : ''}`,
  ]
  if (report.missing.length > 0) {
    head.push(
      '',
      `**Missing** (expected, never reported — fails the release): ${report.missing.map((m) => `<code>${escapeMarkdown(m, 200)}</code>`).join(', ')}`,
    )
  }
  if (options.detailsUrl)
    head.push('', `Every check: [the detailed report](${encodeURI(options.detailsUrl)})`)
  else head.push('', 'Every check: `report.html` in the report artifact.')
  const out = [head.join('\n')]
  let budget = (options.budgetBytes ?? MARKDOWN_BUDGET) - bytes(out[0] as string)

  const table = (title: string, header: string, rows: Iterable<string>, total: number): void => {
    const kept: string[] = []
    const reserve = 300 // the heading, header and the "more not shown" note
    for (const r of rows) {
      const size = bytes(r) + 1
      if (budget - size - reserve < 0) break
      budget -= size
      kept.push(r)
    }
    const omitted = total - kept.length
    const note =
      omitted > 0 ? `\n\n…and ${omitted} more rows not shown (see report.html or report.json).` : ''
    const block = `## ${escapeMarkdown(title, 200)}\n\n${header}\n${kept.join('\n')}${note}`
    budget -= bytes(block) - kept.reduce((n, r) => n + bytes(r) + 1, 0)
    out.push(block)
  }

  table(
    'Legs',
    '| | Suite | Leg | Passed | Failed | Warnings | Errors | Skipped | Duration |\n|---|---|---|--:|--:|--:|--:|--:|--:|',
    lazy(report.suites, legRow),
    report.suites.length,
  )
  const bad = counts.error + counts.fail + counts.warn
  if (bad > 0) {
    table(
      'Needs attention',
      '| | Leg | Check | Result | Evidence |\n|---|---|---|---|---|',
      lazy(worstFirst(report), ([s, c]) => checkRow(s, c)),
      bad,
    )
  }
  for (const t of trendSections(report)) {
    table(
      t.title,
      '| Check |\n|---|',
      lazy(t.items, (item) => `| ${escapeMarkdown(item, 300)} |`),
      t.items.length,
    )
  }
  return `${out.join('\n\n')}\n`
}

function legRow(s: SuiteResult): string {
  const c = countByStatus(s.checks)
  return `| ${ICON[s.status]} | ${escapeMarkdown(s.suite, 100)} | ${escapeMarkdown(s.leg.label, 100)}${s.partial ? ' (partial)' : ''} | ${c.pass} | ${c.fail} | ${c.warn} | ${c.error} | ${c.skip} | ${formatMs(legDurationMs(s))} |`
}

function checkRow(s: SuiteResult, c: Check): string {
  return `| ${ICON[c.status]} | ${escapeMarkdown(legName(s), 120)} | <code>${escapeMarkdown(c.id, 200)}</code> | ${escapeMarkdown(c.message)} | ${escapeMarkdown(evidenceLine(c), 300)} |`
}

/**
 * What needs attention, worst first (so truncation drops warnings before failures), one pass per
 * status instead of a sorted copy of every finding.
 */
function* worstFirst(report: Report): Generator<[SuiteResult, Check]> {
  for (const status of ['error', 'fail', 'warn'] as const) {
    for (const s of report.suites) for (const c of s.checks) if (c.status === status) yield [s, c]
  }
}

/** Rows are rendered only until the budget runs out: with 100,000 findings most are never shown. */
function* lazy<T>(items: Iterable<T>, render: (item: T) => string): Generator<string> {
  for (const item of items) yield render(item)
}

function bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8')
}
