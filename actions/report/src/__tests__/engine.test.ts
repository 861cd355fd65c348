import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { executeSuite, type RawInputs, type Report } from '@postflight/core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ArtifactSource } from '../collect.ts'
import { makeReportSpec } from '../index.ts'
import { check, leg, writeLegs } from './make-results.ts'

let root: string
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pf-report-'))
})
afterEach(() => rm(root, { recursive: true, force: true }))

async function run(raw: RawInputs, deps: Parameters<typeof makeReportSpec>[0] = {}) {
  const spec = makeReportSpec({ env: {}, ...deps })
  const execution = await executeSuite(spec, {
    raw: { 'results-dir': path.join(root, 'own'), 'out-dir': path.join(root, 'out'), ...raw },
    style: 'cli',
    sink: () => {},
    env: {},
  })
  return {
    execution,
    report: spec.last.report as Report,
    ids: execution.result.checks.map((c) => `${c.id}=${c.status}`),
  }
}

const green = () => [
  leg('verify-artifacts', 'linux-x64', [check('checksum:a', 'pass')]),
  leg('platform-smoke', 'linux-x64', [check('smoke:version', 'pass')]),
]

describe('report engine', () => {
  it('passes when every expected leg reported green, and writes every format', async () => {
    await writeLegs(path.join(root, 'in'), green())
    const { execution, report } = await run({
      results: path.join(root, 'in'),
      expect: 'verify-artifacts, platform-smoke@linux-x64',
    })
    expect(execution.exitCode).toBe(0)
    expect(report.status).toBe('pass')
    expect((await readdir(path.join(root, 'out'))).sort()).toEqual(
      ['junit.xml', 'report.html', 'report.json', 'report.sarif', 'summary.md'].sort(),
    )
    const json = JSON.parse(await readFile(path.join(root, 'out/report.json'), 'utf8')) as Report
    expect(json.suites).toHaveLength(2)
  })

  it('fails when an expected leg is missing', async () => {
    await writeLegs(path.join(root, 'in'), green())
    const { execution, report, ids } = await run({
      results: path.join(root, 'in'),
      expect: 'platform-smoke@win32-x64',
    })
    expect(execution.exitCode).toBe(1)
    expect(report.missing).toEqual(['platform-smoke@win32-x64'])
    expect(ids).toContain('expected:platform-smoke@win32-x64=fail')
  })

  it('turns an invalid file into an error leg (exit 2), never drops it', async () => {
    await writeLegs(path.join(root, 'in'), green())
    await writeFile(path.join(root, 'in/container-scan--linux-x64.json'), '{"schemaVersion":"1.0.0"}')
    const { execution, report, ids } = await run({ results: path.join(root, 'in') })
    expect(execution.exitCode).toBe(2)
    expect(report.suites.map((s) => `${s.suite}@${s.leg.label}=${s.status}`)).toContain(
      'container-scan@linux-x64=error',
    )
    expect(ids).toContain('leg:container-scan@linux-x64=error')
  })

  it('warns when two files report the same leg', async () => {
    await writeLegs(path.join(root, 'a'), green())
    await writeLegs(path.join(root, 'b'), [green()[0] as ReturnType<typeof leg>])
    const { execution, ids } = await run({ results: `${path.join(root, 'a')}\n${path.join(root, 'b')}` })
    expect(execution.exitCode).toBe(0)
    expect(ids).toContain('duplicate:verify-artifacts@linux-x64=warn')
  })

  it('cannot pass with no results at all', async () => {
    const { execution, ids } = await run({ results: path.join(root, 'nothing-*.json') })
    expect(execution.exitCode).toBe(2)
    expect(ids).toContain('results:found=error')
  })

  it.each([
    ['fail', 1],
    ['warn', 1],
    ['never', 0],
    // without history, fail closed: every failure still counts
    ['regression', 1],
  ])('fail-on %s with a failed leg exits %i', async (failOn, code) => {
    await writeLegs(path.join(root, 'in'), [leg('verify-artifacts', 'linux-x64', [check('a', 'fail')])])
    const { execution } = await run({ results: path.join(root, 'in'), 'fail-on': failOn })
    expect(execution.exitCode).toBe(code)
  })

  it('writes only the formats asked for, and rejects an unknown one naming it', async () => {
    await writeLegs(path.join(root, 'in'), green())
    await run({ results: path.join(root, 'in'), formats: 'json,junit' })
    expect((await readdir(path.join(root, 'out'))).sort()).toEqual(['junit.xml', 'report.json'])
    const bad = await run({ results: path.join(root, 'in'), formats: 'pdf' })
    expect(bad.execution.exitCode).toBe(2)
    expect(bad.execution.error?.message).toMatch(/--formats/)
  })

  it("downloads the run's postflight-* artifacts on Actions when results is not given", async () => {
    const store = path.join(root, 'store')
    await writeLegs(path.join(store, '1'), [green()[0] as ReturnType<typeof leg>])
    await writeLegs(path.join(store, '2'), [green()[1] as ReturnType<typeof leg>])
    const downloaded: number[] = []
    const source: ArtifactSource = {
      listArtifacts: async () => ({
        artifacts: [
          { id: 1, name: 'postflight-verify-artifacts-linux-x64' },
          { id: 2, name: 'postflight-platform-smoke-linux-x64' },
          { id: 3, name: 'coverage' },
        ],
      }),
      downloadArtifact: async (id, { path: dest }) => {
        downloaded.push(id)
        const { cp } = await import('node:fs/promises')
        await cp(path.join(store, String(id)), dest, { recursive: true })
        return { downloadPath: dest }
      },
    }
    const { report } = await run(
      { expect: 'verify-artifacts,platform-smoke' },
      { env: { GITHUB_ACTIONS: 'true', ACTIONS_RUNTIME_TOKEN: 'x' }, artifacts: async () => source },
    )
    expect(downloaded.sort()).toEqual([1, 2])
    expect(report.status).toBe('pass')
  })
})
