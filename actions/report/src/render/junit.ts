import { type Check, countByStatus, type Report, type SuiteResult } from '@postflight/core'
import { legDurationMs, legName } from './common.ts'

const MARKUP: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
}

// One pass: markup characters, the control characters XML 1.0 forbids, and lone surrogates.
const UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids exactly these characters
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF&<>"']|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

// biome-ignore lint/suspicious/noControlCharactersInRegex: every character UNSAFE can match, and more
const MAYBE_UNSAFE = /[\u0000-\u001F\uD800-\uDFFF\uFFFE\uFFFF&<>"']/
// biome-ignore lint/suspicious/noControlCharactersInRegex: the part of MAYBE_UNSAFE that is not markup
const CONTROL_OR_SURROGATE = /[\u0000-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/
const MARKUP_CHARS = /[&<>"']/g

/**
 * XML 1.0 cannot carry most control characters even as references; a release's command output may
 * contain them, so they are shown as `\xNN`; a lone surrogate becomes U+FFFD. Markup is escaped.
 */
export function escapeXml(text: string): string {
  // Most strings hold none of these (a wider set than UNSAFE: any surrogate, tab, newline): testing
  // first skips UNSAFE's lookarounds, the slowest part of the JUnit file with 100,000 checks.
  if (!MAYBE_UNSAFE.test(text)) return text
  // Markup alone (the common case: `<`, `&` in command output) needs no lookaround either.
  if (!CONTROL_OR_SURROGATE.test(text)) return text.replace(MARKUP_CHARS, (ch) => MARKUP[ch] as string)
  return text.replace(UNSAFE, (ch) => {
    const markup = MARKUP[ch]
    if (markup) return markup
    const code = ch.charCodeAt(0)
    return code >= 0xd800 && code <= 0xdfff ? '\uFFFD' : `\\x${code.toString(16).padStart(2, '0')}`
  })
}

const seconds = (ms: number): string => (ms / 1000).toFixed(3)

/**
 * `junit.xml`: one testsuite per leg, one testcase per check, in the shape dorny/test-reporter and
 * EnricoMi/publish-unit-test-result-action read. fail → <failure>, error → <error>, skip → <skipped>;
 * JUnit has no warning, so a warn is a passing testcase whose <system-out> says WARNING.
 */
export function renderJunit(report: Report): string {
  return [...junitChunks(report)].join('')
}

/** renderJunit in pieces, one testsuite at a time. */
export function* junitChunks(report: Report): Generator<string> {
  const all = report.suites.flatMap((s) => s.checks)
  const c = countByStatus(all)
  const total = report.suites.reduce((n, s) => n + legDurationMs(s), 0)
  yield [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="postflight" tests="${all.length + report.missing.length}" failures="${c.fail + report.missing.length}" errors="${c.error}" skipped="${c.skip}" time="${seconds(total)}">`,
    '',
  ].join('\n')
  for (const s of report.suites) yield `${testsuite(s)}\n`
  const out: string[] = []
  if (report.missing.length > 0) {
    // A missing leg has no checks of its own; it still has to show up red in a JUnit viewer.
    out.push(
      `  <testsuite name="missing legs" tests="${report.missing.length}" failures="${report.missing.length}" errors="0" skipped="0" time="0.000" timestamp="${report.generatedAt}">`,
    )
    for (const m of report.missing) {
      out.push(
        `    <testcase name="${escapeXml(m)}" classname="missing" time="0.000"><failure message="${escapeXml(`expected leg ${m} never reported`)}" type="missing"/></testcase>`,
      )
    }
    out.push('  </testsuite>')
  }
  out.push('</testsuites>', '')
  yield out.join('\n')
}

function testsuite(s: SuiteResult): string {
  const c = countByStatus(s.checks)
  const lines = [
    `  <testsuite name="${escapeXml(legName(s))}" tests="${s.checks.length}" failures="${c.fail}" errors="${c.error}" skipped="${c.skip}" time="${seconds(legDurationMs(s))}" timestamp="${escapeXml(s.startedAt)}" hostname="${escapeXml(s.leg.runner)}">`,
    '    <properties>',
    ...(['os', 'arch', 'label'] as const).map(
      (k) => `      <property name="${k}" value="${escapeXml(s.leg[k])}"/>`,
    ),
    `      <property name="partial" value="${s.partial}"/>`,
    '    </properties>',
  ]
  const classname = escapeXml(legName(s))
  for (const check of s.checks) lines.push(testcase(check, classname))
  lines.push('  </testsuite>')
  return lines.join('\n')
}

function testcase(c: Check, classname: string): string {
  const head = `    <testcase name="${escapeXml(c.id)}" classname="${classname}" time="${seconds(c.durationMs)}"${c.location ? ` file="${escapeXml(c.location.path)}"${c.location.line ? ` line="${c.location.line}"` : ''}` : ''}`
  const detail = escapeXml(
    [c.title, c.message, c.evidence ? JSON.stringify(c.evidence, null, 2) : ''].filter(Boolean).join('\n'),
  )
  const message = escapeXml(c.message.split('\n')[0] ?? '')
  switch (c.status) {
    case 'pass':
      return `${head}/>`
    case 'warn':
      return `${head}><system-out>WARNING: ${detail}</system-out></testcase>`
    case 'skip':
      return `${head}><skipped message="${message}"/></testcase>`
    case 'fail':
      return `${head}><failure message="${message}" type="fail">${detail}</failure></testcase>`
    case 'error':
      return `${head}><error message="${message}" type="error">${detail}</error></testcase>`
  }
}
