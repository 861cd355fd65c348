import { escapeMarkdown, type Report, SCHEMA_VERSION } from '@postflight/core'
import { describe, expect, it } from 'vitest'
import { aggregate } from '../aggregate.ts'
import { parseExpectations } from '../expect.ts'
import { escapeHtml, renderHtml } from '../render/html.ts'
import { jsonChunks } from '../render/json.ts'
import { escapeXml, renderJunit } from '../render/junit.ts'
import { renderMarkdown } from '../render/markdown.ts'
import { renderSarif, sarifFiles } from '../render/sarif.ts'
import { bigLeg, check, leg } from './make-results.ts'

const HOSTILE = '<img src=x onerror=alert(1)>.tar.gz'

function report(
  legs = [
    leg('verify-artifacts', 'linux-x64', [
      check('a', 'pass'),
      check(`checksum:${HOSTILE}`, 'fail', { message: `${HOSTILE} | mismatch` }),
    ]),
  ],
  expect: string[] = [],
): Report {
  return aggregate(
    legs.map((r) => ({ ok: true as const, file: 'x.json', result: r })),
    parseExpectations(expect),
    { now: new Date('2026-11-26T11:00:00Z') },
  )
}

describe('renderMarkdown', () => {
  it('puts the verdict first, then the legs table, then only what needs attention, escaped', () => {
    const md = renderMarkdown(report(undefined, ['platform-smoke@win32-x64']))
    expect(md.split('\n')[0]).toBe('# ❌ Release acme/app v1.2.3 FAILED')
    expect(md).toContain('platform-smoke@win32-x64')
    expect(md.indexOf('## Legs')).toBeLessThan(md.indexOf('## Needs attention'))
    expect(md).not.toContain('<img')
    expect(md).toContain(escapeMarkdown(`checksum:${HOSTILE}`, 200))
    expect(md).not.toMatch(/\| ✅ \| verify-artifacts@linux-x64 \| <code>a</)
  })

  it('stays under 1 MiB with 100,000 checks, dropping whole rows and saying how many', () => {
    const legs = Array.from({ length: 100 }, (_, i) => bigLeg('platform-smoke', `leg-${i}`, 1000))
    const md = renderMarkdown(report(legs))
    expect(Buffer.byteLength(md)).toBeLessThan(1024 * 1024)
    expect(md).toMatch(/…and \d+ more rows not shown/)
    for (const line of md.split('\n').filter((l) => l.startsWith('|'))) expect(line).toMatch(/\|$/)
  })
})

describe('renderMarkdown truncation', () => {
  /** Each `## ` section: its title, header lines, rows, and the "more rows" count it states. */
  const sections = (md: string) =>
    md
      .split('\n## ')
      .slice(1)
      .map((block) => {
        const lines = block.split('\n')
        const rows = lines.filter(
          (l) => l.startsWith('| ') && !l.startsWith('| |') && !l.startsWith('| Check |'),
        )
        const more = /…and (\d+) more rows not shown/.exec(block)
        return { title: lines[0], header: lines.slice(2, 4), rows, omitted: more ? Number(more[1]) : 0 }
      })

  it('with more legs than fit, still writes every table whole, and the counts add up to the totals', () => {
    const legs = Array.from({ length: 20_000 }, (_, i) =>
      leg('platform-smoke', `leg-${i}`, [
        check('run', 'fail', { message: 'x'.repeat(80) }),
        check('ok', 'pass'),
      ]),
    )
    const md = renderMarkdown(report(legs))
    expect(Buffer.byteLength(md)).toBeLessThan(1024 * 1024)
    const [legsTable, attention] = sections(md)
    expect(legsTable?.title).toBe('Legs')
    expect(attention?.title).toBe('Needs attention')
    for (const t of [legsTable, attention]) {
      // The header and its separator line are there, and every row is a whole row.
      expect(t?.header[1]).toMatch(/^\|---\|/)
      for (const r of t?.rows ?? []) expect(r).toMatch(/\|$/)
      expect((t?.rows.length ?? 0) + (t?.omitted ?? 0)).toBe(20_000)
    }
    expect(legsTable?.rows.length).toBeGreaterThan(1000)
    expect(attention?.omitted).toBeGreaterThan(0)
  })

  it('under a small budget drops rows, never a header, and names how many', () => {
    const legs = Array.from({ length: 50 }, (_, i) => leg('s', `l${i}`, [check('c', 'fail')]))
    const md = renderMarkdown(report(legs), { budgetBytes: 6000 })
    expect(Buffer.byteLength(md)).toBeLessThan(6000 + 2000)
    for (const t of sections(md)) {
      expect(t.header[1]).toMatch(/^\|---\|/)
      expect(t.rows.length + t.omitted).toBe(50)
    }
  })
})

describe('renderHtml', () => {
  it('escapes the trends too: a hostile check id from the history runs nothing', () => {
    const ref = { leg: 'verify-artifacts@linux-x64', id: `checksum:${HOSTILE}` }
    const trend = {
      runs: 2,
      since: {
        generatedAt: '2026-11-25T00:00:00.000Z',
        tag: `v0<script>x</script>`,
        status: 'pass',
        release: true,
      },
      previous: { generatedAt: '2026-11-25T00:00:00.000Z', status: 'pass' },
      newlyFailing: [ref],
      newlyFixed: [],
      regressed: [ref],
      flaky: [ref],
      durationRegressions: [{ ...ref, ms: 900, medianMs: 20 }],
      unstable: [{ ...ref, passed: 1, runs: 2 }],
    }
    const r = { ...report(), trend }
    const html = renderHtml(r)
    expect(html).toContain(`Newly failing since v0&lt;script&gt;x&lt;/script&gt;`)
    expect(html).not.toContain(HOSTILE)
    expect(html).not.toContain('<script>x')
    const md = renderMarkdown(r)
    expect(md).toContain('## Regressed since the previous run')
    expect(md).not.toContain('<img')
    expect(md).not.toContain('<script>')
  })

  it('escapes every release string', () => {
    const html = renderHtml(report())
    expect(html).not.toContain(HOSTILE)
    expect(html).toContain(escapeHtml(HOSTILE))
    expect(escapeHtml(`"'<>&`)).toBe('&quot;&#39;&lt;&gt;&amp;')
  })
})

describe('jsonChunks', () => {
  it.each([
    ['no trend', undefined],
    ['an empty trend', {}],
    [
      'trends with long lists, nested objects and hostile ids',
      {
        runs: 3,
        since: { tag: 'v1', release: true },
        newlyFailing: [],
        unstable: Array.from({ length: 3 }, (_, i) => ({
          leg: 'l@x',
          id: `${HOSTILE}"\n${i}`,
          passed: i,
          runs: 3,
        })),
      },
    ],
  ])('writes report.json as the report, parsed back equal, with %s', (_, trend) => {
    const r: Report = { ...report(), ...(trend ? { trend } : {}) }
    const text = [...jsonChunks(r)].join('')
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(r)))
    // Each item of a trend list on its own line, not a string of every field on a line.
    if (trend && 'unstable' in trend) expect(text).toMatch(/^ {6}\{"leg":"l@x",.*"runs":3\},$/m)
  })
})

describe('renderJunit', () => {
  it('maps statuses: fail → failure, error → error, skip → skipped, warn → passing with a note', () => {
    const xml = renderJunit(
      report(
        [
          leg('s', 'l', [
            check('p', 'pass'),
            check('f', 'fail'),
            check('e', 'error'),
            check('k', 'skip'),
            check('w', 'warn'),
          ]),
        ],
        ['gone'],
      ),
    )
    expect(xml).toMatch(/<testcase name="f"[^>]*><failure /)
    expect(xml).toMatch(/<testcase name="e"[^>]*><error /)
    expect(xml).toMatch(/<testcase name="k"[^>]*><skipped /)
    expect(xml).toMatch(/<testcase name="w"[^>]*><system-out>WARNING/)
    expect(xml).toMatch(/<testcase name="p"[^>]*\/>/)
    expect(xml).toMatch(/<testsuite name="missing legs" tests="1" failures="1"/)
  })

  it('keeps control characters out of the XML', () => {
    expect(escapeXml('a\u0000b\u001bc<')).toBe('a\\x00b\\x1bc&lt;')
  })
})

describe('renderSarif', () => {
  it('makes one run per leg with a unique category, results only for located findings', () => {
    const logs = renderSarif(
      report([
        leg('container-scan', 'linux-x64', [
          check('vuln:CVE-1', 'fail', { location: { path: 'Dockerfile', line: 3 } }),
          check('vuln:CVE-2', 'fail'),
          check('ok', 'pass', { location: { path: 'a' } }),
        ]),
        leg('container-scan', 'linux-arm64', []),
      ]),
    )
    expect(logs).toHaveLength(1)
    const runs = logs[0]?.runs ?? []
    expect(runs.map((r) => r.automationDetails?.id)).toEqual([
      'postflight/container-scan/linux-x64/',
      'postflight/container-scan/linux-arm64/',
    ])
    expect(runs[0]?.results?.map((r) => r.partialFingerprints?.postflightCheckId)).toEqual(['vuln:CVE-1'])
    expect(runs[1]?.results).toEqual([])
  })

  it('splits past 20 runs per file and 25,000 results per run', () => {
    const legs = Array.from({ length: 21 }, (_, i) => leg('s', `l${i}`, []))
    legs[0] = leg(
      's',
      'big',
      Array.from({ length: 5 }, (_, i) => check(`c:${i}`, 'fail', { location: { path: 'f' } })),
    )
    const logs = renderSarif(report(legs), { runsPerFile: 20, resultsPerRun: 2 })
    const ids = logs.flatMap((l) => l.runs.map((r) => r.automationDetails?.id))
    expect(logs.map((l) => l.runs.length)).toEqual([20, 3])
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids.slice(0, 3)).toEqual([
      'postflight/s/big/',
      'postflight/s/big/part-2/',
      'postflight/s/big/part-3/',
    ])
  })

  it('never gives two runs one category: a leg reported twice, a label that reads like a part', () => {
    const located = (id: string) => check(id, 'fail', { location: { path: 'Dockerfile' } })
    const logs = renderSarif(
      report([
        leg('container-scan', 'app', [located('v:1'), located('v:2'), located('v:3')]),
        leg('container-scan', 'app/part-2', [located('v:4')]),
        leg('container-scan', 'app', [located('v:5')]),
      ]),
      { runsPerFile: 20, resultsPerRun: 2 },
    )
    const ids = logs.flatMap((l) => l.runs.map((r) => r.automationDetails?.id))
    expect(ids).toEqual([
      'postflight/container-scan/app/',
      'postflight/container-scan/app/part-2/',
      'postflight/container-scan/app/part-2/dup-2/',
      'postflight/container-scan/app/dup-2/',
    ])
    expect(
      logs[0]?.runs.map((r) => r.results?.map((x) => x.ruleId && x.partialFingerprints?.postflightCheckId)),
    ).toEqual([['v:1', 'v:2'], ['v:3'], ['v:4'], ['v:5']])
  })

  it('writes, one run at a time, exactly the logs renderSarif builds (split files, hostile text, no legs)', () => {
    const legs = Array.from({ length: 23 }, (_, i) =>
      leg('s', `l${i}`, [
        check(`c:${HOSTILE}`, i % 2 ? 'fail' : 'warn', { location: { path: 'a\\b.ts', line: i + 1 } }),
        check('ok', 'pass'),
      ]),
    )
    for (const r of [report(legs), { ...report(), suites: [] } satisfies Report]) {
      const limits = { runsPerFile: 20, resultsPerRun: 25_000 }
      const files = sarifFiles(r, limits)
      const parsed = Object.values(files).map((chunks) => JSON.parse([...chunks].join('')) as unknown)
      expect(parsed).toEqual(renderSarif(r, limits))
      expect(Object.keys(files)).toEqual(
        r.suites.length ? ['report.sarif', 'report-2.sarif'] : ['report.sarif'],
      )
    }
  })

  it('is valid JSON with the SARIF version', () => {
    expect(renderSarif({ ...report(), suites: [] } satisfies Report)[0]).toMatchObject({
      version: '2.1.0',
      runs: [],
    })
    expect(SCHEMA_VERSION).toMatch(/^1\./)
  })
})
