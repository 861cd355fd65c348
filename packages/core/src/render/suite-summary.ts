import type { Check, CheckStatus, SuiteResult } from '../result/model.ts'
import { countByStatus } from '../result/status.ts'
import { escapeMarkdown } from './escape.ts'

const ICON: Record<CheckStatus, string> = { pass: '✅', fail: '❌', warn: '⚠️', skip: '⏭️', error: '💥' }
const VERDICT: Record<CheckStatus, string> = {
  pass: 'passed',
  fail: 'FAILED',
  warn: 'passed with warnings',
  skip: 'made no checks',
  error: 'could not be completed',
}

/** GitHub rejects a step summary over 1 MiB; stay well below so several suites fit in one job. */
const SUMMARY_BUDGET = 512 * 1024

function evidenceText(check: Check): string {
  if (!check.evidence) return ''
  const parts = Object.entries(check.evidence).map(
    ([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`,
  )
  return escapeMarkdown(parts.join('; '), 300)
}

function row(check: Check, withEvidence: boolean): string {
  const cells = [
    ICON[check.status],
    `<code>${escapeMarkdown(check.id, 200)}</code>`,
    escapeMarkdown(check.message),
  ]
  if (withEvidence) cells.push(evidenceText(check))
  return `| ${cells.join(' | ')} |`
}

/**
 * The Markdown job summary of one suite: verdict first, counts, then only what failed or warned
 * with its evidence, then the passing checks folded away. Rows past the size budget are dropped
 * whole and counted, so a table is never cut in half.
 */
export function renderSuiteSummary(result: SuiteResult): string {
  const counts = countByStatus(result.checks)
  const release = [result.release.repo, result.release.tag ?? result.release.version]
    .filter(Boolean)
    .join(' ')
  const lines: string[] = [
    `## ${ICON[result.status]} ${escapeMarkdown(result.suite)} ${VERDICT[result.status]}${release ? ` — ${escapeMarkdown(release)}` : ''}`,
    '',
    `${result.checks.length} checks: ${counts.pass} passed, ${counts.fail} failed, ${counts.warn} warnings, ${counts.error} errors, ${counts.skip} skipped · ${escapeMarkdown(result.leg.label)} · ${formatMs(Date.parse(result.finishedAt) - Date.parse(result.startedAt))}`,
  ]
  if (result.partial) lines.push('', '**Partial result:** the run stopped before every check was made.')
  let budget = SUMMARY_BUDGET - lines.join('\n').length
  const table = (title: string, checks: Check[], withEvidence: boolean, folded: boolean): void => {
    if (checks.length === 0) return
    const head = withEvidence
      ? '| | Check | Result | Evidence |\n|---|---|---|---|'
      : '| | Check | Result |\n|---|---|---|'
    const rows: string[] = []
    for (const c of checks) {
      const r = row(c, withEvidence)
      if (budget - r.length - 200 < 0) break
      budget -= r.length + 1
      rows.push(r)
    }
    const omitted = checks.length - rows.length
    const body = [head, ...rows].join('\n')
    const note = omitted > 0 ? `\n\n…and ${omitted} more not shown (see the results file).` : ''
    if (folded)
      lines.push(
        '',
        `<details><summary>${title} (${checks.length})</summary>`,
        '',
        body,
        note,
        '',
        '</details>',
      )
    else lines.push('', `### ${title}`, '', body + note)
  }
  const bad = result.checks.filter((c) => c.status === 'fail' || c.status === 'error' || c.status === 'warn')
  table('Needs attention', bad, true, false)
  table(
    'Passed',
    result.checks.filter((c) => c.status === 'pass'),
    false,
    true,
  )
  table(
    'Skipped',
    result.checks.filter((c) => c.status === 'skip'),
    false,
    true,
  )
  return `${lines.join('\n')}\n`
}

/** Plain text for a terminal: one line per check that needs attention, then the verdict. */
export function renderSuiteText(result: SuiteResult, options: { verbose?: boolean } = {}): string {
  const counts = countByStatus(result.checks)
  const out: string[] = []
  for (const c of result.checks) {
    if (!options.verbose && (c.status === 'pass' || c.status === 'skip')) continue
    out.push(
      `  ${c.status.toUpperCase().padEnd(5)} ${printable(c.id)}  ${printable(c.message.replace(/\s*\n\s*/g, ' '))}`,
    )
  }
  out.push(
    `${result.suite}: ${VERDICT[result.status]} — ${counts.pass} passed, ${counts.fail} failed, ${counts.warn} warnings, ${counts.error} errors, ${counts.skip} skipped${result.partial ? ' (partial)' : ''}`,
  )
  return `${out.join('\n')}\n`
}

function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return ''
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`
}

/** Control characters from a release's names would drive the terminal; show them as escapes. */
function printable(text: string): string {
  let out = ''
  for (const ch of text) {
    const code = ch.charCodeAt(0)
    out += code < 0x20 || (code >= 0x7f && code <= 0x9f) ? `\\x${code.toString(16).padStart(2, '0')}` : ch
  }
  return out
}
