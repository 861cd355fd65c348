import { describe, expect, it } from 'vitest'
import { SuiteBuilder } from '../../result/suite-builder.ts'
import { renderSuiteSummary, renderSuiteText } from '../suite-summary.ts'

const leg = { os: 'linux', arch: 'x64', runner: 'r', label: 'linux-x64' }

describe('#renderSuiteSummary', () => {
  it('puts the verdict first and lists failures with their evidence', () => {
    const suite = new SuiteBuilder('verify-artifacts', leg, { tag: 'v1.2.3' })
    suite.add({
      id: 'checksum:a.tgz',
      title: 'a',
      status: 'fail',
      message: 'sha256 mismatch',
      evidence: { expected: 'aa', actual: 'bb' },
    })
    suite.add({ id: 'checksum:b.tgz', title: 'b', status: 'pass', message: 'ok' })
    const md = renderSuiteSummary(suite.finish())
    expect(md.split('\n')[0]).toBe('## ❌ verify-artifacts FAILED — v1.2.3')
    expect(md).toContain('| ❌ | <code>checksum:a.tgz</code> | sha256 mismatch | expected: aa; actual: bb |')
    expect(md).toContain('<details><summary>Passed (1)</summary>')
  })

  it('escapes a hostile asset name so no markup takes effect', () => {
    const suite = new SuiteBuilder('verify-artifacts', leg)
    suite.add({
      id: 'x',
      title: 'x',
      status: 'fail',
      message: '<img src=x onerror=alert(1)>|[link](http://e.vil)',
    })
    const md = renderSuiteSummary(suite.finish())
    expect(md).not.toContain('<img')
    expect(md).not.toContain('](http')
    expect(md).toContain('&lt;img src=x onerror=alert(1)&gt;&#124;&#91;link&#93;(http://e.vil)')
  })

  it('stays under the size budget with many checks and never cuts a row', () => {
    const suite = new SuiteBuilder('verify-artifacts', leg)
    for (let i = 0; i < 20_000; i++) {
      suite.add({
        id: `checksum:asset-${i}`,
        title: 't',
        status: 'fail',
        message: 'x'.repeat(100),
        evidence: { i },
      })
    }
    const md = renderSuiteSummary(suite.finish())
    expect(Buffer.byteLength(md)).toBeLessThan(1024 * 1024)
    expect(md).toMatch(/…and \d+ more not shown \(see the results file\)\./)
    const rows = md.split('\n').filter((l) => l.startsWith('| ❌'))
    for (const row of rows) expect(row.endsWith('|')).toBe(true)
  })
})

describe('#renderSuiteText', () => {
  it('shows control characters from a name as escapes', () => {
    const suite = new SuiteBuilder('verify-artifacts', leg)
    suite.add({ id: 'checksum:a\u001b[2Jb', title: 'a', status: 'fail', message: 'bad\u0007' })
    expect(renderSuiteText(suite.finish())).toContain('checksum:a\\x1b[2Jb  bad\\x07')
  })

  it('shows what needs attention and a one-line verdict', () => {
    const suite = new SuiteBuilder('verify-artifacts', leg)
    suite.add({ id: 'a', title: 'a', status: 'pass', message: 'fine' })
    suite.add({ id: 'b', title: 'b', status: 'warn', message: 'hm' })
    const text = renderSuiteText(suite.finish())
    expect(text).toBe(
      '  WARN  b  hm\nverify-artifacts: passed with warnings — 1 passed, 0 failed, 1 warnings, 0 errors, 0 skipped\n',
    )
  })
})
