// The contract between the actions: results files written by the real verify-artifacts engine over
// a real release (made with tar, zip and sha256sum) are read by the report as they are — a clean
// release passes, a tampered asset fails with its check named in every format.
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { executeSuite, type Report } from '@postflight/core'
import { makeReportSpec } from '@postflight/report'
import { verifySpec } from '@postflight/verify-artifacts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeRealRelease, type RealRelease } from './helpers/real-release.ts'

let root: string
let release: RealRelease
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pf-report-real-'))
  release = await makeRealRelease(root)
})
afterAll(() => rm(root, { recursive: true, force: true }))

async function verifyThenReport(name: string) {
  const results = path.join(root, name, 'results')
  await executeSuite(verifySpec, {
    raw: { directory: release.dir, tag: release.tag, 'results-dir': results },
    style: 'cli',
    sink: () => {},
  })
  const spec = makeReportSpec({ env: {} })
  const out = path.join(root, name, 'report')
  const execution = await executeSuite(spec, {
    raw: { results, expect: 'verify-artifacts', 'out-dir': out, 'results-dir': path.join(root, name, 'own') },
    style: 'cli',
    sink: () => {},
    env: {},
  })
  return { execution, report: spec.last.report as Report, out }
}

describe('report over real verify-artifacts results', () => {
  it('passes a clean release', async () => {
    const { execution, report } = await verifyThenReport('clean')
    expect(execution.exitCode).toBe(0)
    expect(report.status).toBe('pass')
    expect(report.release.tag).toBe(release.tag)
    expect(report.suites[0]?.checks.length).toBeGreaterThan(3)
  })

  it('fails a tampered asset and names the check in the summary and JUnit', async () => {
    await appendFile(path.join(release.dir, release.assets[0] as string), 'tampered')
    const { execution, report, out } = await verifyThenReport('tampered')
    expect(execution.exitCode).toBe(1)
    expect(report.status).toBe('fail')
    const failed = report.suites.flatMap((s) => s.checks).filter((c) => c.status === 'fail')
    expect(failed.length).toBeGreaterThan(0)
    const id = failed[0]?.id as string
    expect(await readFile(path.join(out, 'junit.xml'), 'utf8')).toContain(`name="${id}"`)
    expect(await readFile(path.join(out, 'summary.md'), 'utf8')).toContain('FAILED')
  })
})
