import {
  type CheckInput,
  type CheckStatus,
  countByStatus,
  escapeMarkdown,
  type Report,
} from '@postflight/core'
import { ICON, legName, releaseName, VERDICT } from '../render/common.ts'
import { renderMarkdown } from '../render/markdown.ts'
import type { PublishContext } from './context.ts'

/** First line of our PR comment: how the next run finds it among everyone's. */
export const COMMENT_MARKER = '<!-- postflight-report -->'
export const RELEASE_START = '<!-- postflight-verdict -->'
export const RELEASE_END = '<!-- /postflight-verdict -->'

/**
 * The issue's marker names the workflow, so two scheduled workflows that both publish keep one
 * issue each instead of closing each other's.
 */
export function issueMarker(pc: PublishContext): string {
  return `<!-- postflight-issue ${encodeURIComponent(pc.workflow ?? 'postflight')} -->`
}

/** GitHub refuses comment and issue bodies over 65,536 characters; a byte budget below it holds for any text. */
const BODY_BUDGET = 60_000

/** A verdict that is not a plain pass or warn: something failed, could not be judged, or nothing ran. */
export function isBad(status: CheckStatus): boolean {
  return status !== 'pass' && status !== 'warn'
}

/** One line: `Release acme/app v1.2.3 passed: 3 legs, 120 checks, 0 failed, 0 missing`. */
export function verdictLine(report: Report): string {
  const checks = report.suites.flatMap((s) => s.checks)
  const c = countByStatus(checks)
  const name = releaseName(report)
  return `Release ${name ? `${name} ` : ''}${VERDICT[report.status]}: ${report.suites.length} legs, ${checks.length} checks, ${c.fail + c.error} failed, ${report.missing.length} missing`
}

/** The PR comment and issue body: the marker, the job summary within GitHub's limit, where it came from. */
export function summaryBody(report: Report, pc: PublishContext, marker: string): string {
  const summary = renderMarkdown(report, {
    budgetBytes: BODY_BUDGET,
    ...(pc.reportUrl ? { detailsUrl: pc.reportUrl } : {}),
  })
  return `${marker}\n${summary}\n${footer(pc)}\n`
}

function footer(pc: PublishContext): string {
  const when = new Date().toISOString().replace(/\.\d+Z$/, 'Z')
  const run = pc.runUrl ? `[this run](${encodeURI(pc.runUrl)})` : 'postflight report'
  return `<sub>Updated by ${run} at ${when}${pc.sha ? ` for ${pc.sha.slice(0, 7)}` : ''}.</sub>`
}

/** The verdict table for release notes, between markers so the next run replaces it. */
export function releaseSection(report: Report, pc: PublishContext): string {
  const rows = report.suites
    .slice(0, 50)
    .map((s) => `| ${ICON[s.status]} | ${escapeMarkdown(legName(s), 120)} | ${s.checks.length} |`)
  const more =
    report.suites.length > rows.length ? `\n\n…and ${report.suites.length - rows.length} more legs.` : ''
  const missing = report.missing.length
    ? `\n\n**Missing:** ${report.missing.map((m) => `<code>${escapeMarkdown(m, 200)}</code>`).join(', ')}`
    : ''
  const link = pc.reportUrl ? ` · [report](${encodeURI(pc.reportUrl)})` : ''
  return [
    RELEASE_START,
    `### ${ICON[report.status]} Postflight: ${VERDICT[report.status]}${link}`,
    '',
    '| | Leg | Checks |',
    '|---|---|--:|',
    `${rows.join('\n')}${more}${missing}`,
    RELEASE_END,
  ].join('\n')
}

/** `body` with our section replaced in place, or appended when it has none. */
export function withReleaseSection(body: string | null | undefined, section: string): string {
  const text = body ?? ''
  const start = text.indexOf(RELEASE_START)
  const end = start === -1 ? -1 : text.indexOf(RELEASE_END, start)
  if (start !== -1 && end !== -1)
    return `${text.slice(0, start)}${section}${text.slice(end + RELEASE_END.length)}`
  return text.trim() === '' ? section : `${text.trimEnd()}\n\n${section}`
}

/** The job summary's last table: where the verdict went, or why it did not. Empty when nothing was asked. */
export function publishedSection(checks: readonly CheckInput[]): string {
  if (checks.length === 0) return ''
  const rows = checks.map(
    (c) =>
      `| ${ICON[c.status]} | ${escapeMarkdown(c.id.replace(/^publish:/, ''), 40)} | ${escapeMarkdown(c.message, 500)} |`,
  )
  return `\n## Published\n\n| | Target | Result |\n|---|---|---|\n${rows.join('\n')}\n`
}
