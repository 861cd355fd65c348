import { type Check, countByStatus, type Report, type SuiteResult } from '@postflight/core'
import {
  evidenceLine,
  formatMs,
  legDurationMs,
  legName,
  releaseName,
  reportCounts,
  VERDICT,
} from './common.ts'
import { contentSecurityPolicy, SCRIPT, STYLE } from './html-assets.ts'
import { trendSections } from './trend-lines.ts'

/** Escapes text for HTML content and double- or single-quoted attributes. */
export function escapeHtml(text: string): string {
  // Most strings need nothing; testing first saves five passes over each of 100,000 messages.
  if (!/[&<>"']/.test(text)) return text
  // One pass with a table rather than five replaceAll passes, each copying the string.
  return text.replace(HTML_MARKUP, (ch) => HTML_ENTITY[ch] as string)
}

const HTML_MARKUP = /[&<>"']/g
const HTML_ENTITY: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

const STATUS_OPTIONS = [
  ['', 'All statuses'],
  ['attention', 'Needs attention'],
  ['fail', 'Failed'],
  ['error', 'Errors'],
  ['warn', 'Warnings'],
  ['pass', 'Passed'],
  ['skip', 'Skipped'],
] as const

/**
 * `report.html`: one self-contained page (no network; CSP allows only its own script and style by
 * hash), readable on a phone, filterable by status and suite. Every leg is a folded section with all
 * its checks; legs with findings start open. Every string from a release goes through escapeHtml.
 */
export function renderHtml(report: Report): string {
  return [...htmlChunks(report)].join('')
}

/** renderHtml in pieces, so a report of 100,000 checks is written without one giant string. */
export function* htmlChunks(report: Report): Generator<string> {
  const e = escapeHtml
  const { checks, counts } = reportCounts(report)
  const name = releaseName(report)
  const suites = [...new Set(report.suites.map((s) => s.suite))].sort()
  const parts: string[] = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${e(contentSecurityPolicy())}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>Postflight: ${e(name || 'release')} ${e(VERDICT[report.status])}</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<div class="verdict v-${report.status}"><h1>Release ${e(name)} <span class="s-${report.status}">${e(VERDICT[report.status])}</span></h1>`,
    `<p>${report.suites.length} legs, ${checks} checks: ${counts.pass} passed, ${counts.fail} failed, ${counts.warn} warnings, ${counts.error} errors, ${counts.skip} skipped. Generated ${e(report.generatedAt)}.</p>`,
  ]
  if (report.missing.length > 0) {
    parts.push(
      `<p class="missing">Missing (expected, never reported): ${report.missing.map((m) => `<code>${e(m)}</code>`).join(', ')}</p>`,
    )
  }
  parts.push('</div>')
  parts.push(legsTable(report.suites))
  const trends = trendSections(report)
  if (trends.length > 0) {
    parts.push('<h2>Trends</h2>')
    for (const t of trends) {
      parts.push(
        `<details class="trend"><summary>${escapeHtml(t.title)} (${t.items.length})</summary><ul>${t.items.map((i) => `<li><code>${escapeHtml(i)}</code></li>`).join('')}</ul></details>`,
      )
    }
  }
  parts.push('<h2>Checks</h2>')
  parts.push(
    '<div class="filters">',
    `<label>Status <select id="f-status">${STATUS_OPTIONS.map(([v, t]) => `<option value="${v}">${t}</option>`).join('')}</select></label>`,
    `<label>Suite <select id="f-suite"><option value="">All suites</option>${suites.map((s) => `<option value="${e(s)}">${e(s)}</option>`).join('')}</select></label>`,
    '<button type="button" id="f-expand">Expand all</button>',
    '<span id="f-count" aria-live="polite"></span>',
    '</div>',
  )
  yield `${parts.join('\n')}\n`
  for (const s of report.suites) yield* legSection(s)
  yield `<script>${SCRIPT}</script></body></html>\n`
}

function legsTable(suites: readonly SuiteResult[]): string {
  const rows = suites.map((s) => {
    const c = countByStatus(s.checks)
    return `<tr><td><span class="st s-${s.status}">${s.status}</span></td><td>${escapeHtml(s.suite)}</td><td>${escapeHtml(s.leg.label)}${s.partial ? ' (partial)' : ''}</td><td class="num">${c.pass}</td><td class="num">${c.fail}</td><td class="num">${c.warn}</td><td class="num">${c.error}</td><td class="num">${c.skip}</td><td class="num">${formatMs(legDurationMs(s))}</td></tr>`
  })
  return `<h2>Legs</h2><div class="scroll"><table class="legs"><thead><tr><th>Status</th><th>Suite</th><th>Leg</th><th class="num">Pass</th><th class="num">Fail</th><th class="num">Warn</th><th class="num">Error</th><th class="num">Skip</th><th class="num">Duration</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`
}

/** A leg's section row by row: a leg of thousands of checks is never one string. */
function* legSection(s: SuiteResult): Generator<string> {
  const open = s.status === 'fail' || s.status === 'error' || s.status === 'warn'
  yield `<details class="leg" data-suite="${escapeHtml(s.suite)}"${open ? ' open' : ''}><summary><span class="st s-${s.status}">${s.status}</span> ${escapeHtml(legName(s))} · ${s.checks.length} checks · ${escapeHtml(s.leg.runner)}</summary><div class="scroll"><table><thead><tr><th>Status</th><th>Check</th><th>Result</th><th class="num">Time</th></tr></thead><tbody>\n`
  for (const c of s.checks) yield `${checkRow(c)}\n`
  yield '</tbody></table></div></details>\n'
}

function checkRow(c: Check): string {
  const evidence = evidenceLine(c)
  const extra = [
    c.attempts && c.attempts > 1 ? `${c.attempts} attempts` : '',
    c.flaky ? 'flaky' : '',
    c.location ? `${c.location.path}${c.location.line ? `:${c.location.line}` : ''}` : '',
  ].filter(Boolean)
  return `<tr data-status="${c.status}"><td><span class="st s-${c.status}">${c.status}</span></td><td><code>${escapeHtml(c.id)}</code><br>${escapeHtml(c.title)}</td><td>${escapeHtml(c.message)}${extra.length ? `<br><small>${escapeHtml(extra.join(' · '))}</small>` : ''}${evidence ? `<pre>${escapeHtml(evidence)}</pre>` : ''}</td><td class="num">${formatMs(c.durationMs)}</td></tr>`
}
