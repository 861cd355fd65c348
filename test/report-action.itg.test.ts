// Runs the committed report bundle exactly as the runner does: `node24 dist/index.js` with INPUT_*
// variables and the GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, then reads what it left behind.
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { check, leg, writeLegs } from '../actions/report/src/__tests__/make-results.ts'
import { REPO } from './helpers/paths.ts'
import { runBundle } from './helpers/run-bundle.ts'

const BUNDLE = path.join(REPO, 'actions/report/dist/index.js')
const HOSTILE = '<img src=x onerror=alert(1)>.tar.gz'

function runStep(inputs: Record<string, string>, extraEnv: NodeJS.ProcessEnv = {}) {
  return runBundle(BUNDLE, root, inputs, { env: { GITHUB_REPOSITORY: 'acme/app', ...extraEnv } })
}

let root: string
let results: string
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pf-report-action-'))
  results = path.join(root, 'results')
  await writeLegs(results, [
    leg('verify-artifacts', 'linux-x64', [check('checksum:app.tar.gz', 'pass')]),
    leg('platform-smoke', 'linux-x64', [check('smoke:version', 'pass')]),
  ])
})
afterAll(() => rm(root, { recursive: true, force: true }))

describe('report bundle on the runner', () => {
  it('passes when every expected leg is green, sets outputs and writes the release summary', async () => {
    const run = await runStep(
      { results, expect: 'verify-artifacts, platform-smoke@linux-x64' },
      { GITHUB_SERVER_URL: 'https://github.com', GITHUB_RUN_ID: '42' },
    )
    expect(run.code, run.log).toBe(0)
    expect(run.summary).toContain('(https://github.com/acme/app/actions/runs/42#artifacts)')
    expect(run.outputs.status).toBe('pass')
    expect(run.outputs.verdict).toBe('pass')
    expect(JSON.parse(run.outputs.missing ?? '')).toEqual([])
    const files = JSON.parse(run.outputs['report-files'] ?? '[]') as string[]
    expect(files.map((f) => path.basename(f)).sort()).toEqual(
      ['junit.xml', 'report.html', 'report.json', 'report.sarif', 'summary.md'].sort(),
    )
    expect((await readdir(path.join(run.step, 'postflight-report'))).length).toBe(5)
    expect(run.summary.split('\n')[0]).toBe('# ✅ Release acme/app v1.2.3 passed')
    expect(run.outputs['results-file']).toMatch(/report--.+\.json$/)
  })

  it('fails (exit 1) when an expected leg never reported, naming it', async () => {
    const run = await runStep({ results, expect: 'platform-smoke@win32-x64', formats: 'json' })
    expect(run.code, run.log).toBe(1)
    expect(run.outputs.verdict).toBe('fail')
    expect(JSON.parse(run.outputs.missing ?? '')).toEqual(['platform-smoke@win32-x64'])
    expect(run.summary).toContain('platform-smoke@win32-x64')
    expect(run.log).toMatch(/::error::report: the release failed checks/)
  })

  it('escapes a hostile name in the summary and exits 1 on the failure', async () => {
    const dir = path.join(root, 'hostile')
    await writeLegs(dir, [leg('verify-artifacts', 'linux-x64', [check(`checksum:${HOSTILE}`, 'fail')])])
    const run = await runStep({ results: dir })
    expect(run.code, run.log).toBe(1)
    expect(run.summary).not.toContain('<img')
  })

  it('on Actions without results, fails closed when the artifacts cannot be downloaded', async () => {
    // Outside a real runner the artifact service is unreachable: that must be an error, never green.
    const run = await runStep(
      {},
      { ACTIONS_RUNTIME_TOKEN: 'not-a-token', ACTIONS_RESULTS_URL: 'http://127.0.0.1:9/' },
    )
    expect(run.code, run.log).toBe(2)
    expect(run.outputs.status).toBe('error')
    expect(run.log).toMatch(/could not download this run's postflight-\* artifacts/)
  }, 60_000)

  it('records history and, with fail-on regression, passes an old failure but fails a new one', async () => {
    const db = path.join(root, 'history.sqlite')
    const dir = path.join(root, 'regression')
    const write = (b: 'pass' | 'fail') =>
      writeLegs(dir, [leg('platform-smoke', 'linux-x64', [check('smoke:old', 'fail'), check('smoke:b', b)])])
    await write('pass')
    const first = await runStep({ results: dir, history: db, 'fail-on': 'regression' })
    expect(first.code, first.log).toBe(1)
    const second = await runStep({ results: dir, history: db, 'fail-on': 'regression' })
    expect(second.code, second.log).toBe(0)
    expect(second.outputs.verdict).toBe('fail')
    await write('fail')
    const third = await runStep({ results: dir, history: db, 'fail-on': 'regression' })
    expect(third.code, third.log).toBe(1)
    expect(third.summary).toContain('## Newly failing since the previous run')
    expect(third.summary).toContain('platform-smoke@linux-x64 smoke:b')
  })

  it('rejects an unknown fail-on value, naming the input (exit 2)', async () => {
    const run = await runStep({ results, 'fail-on': 'sometimes' })
    expect(run.code).toBe(2)
    expect(run.log).toMatch(/input 'fail-on': expected one of fail, warn, never, regression/)
  })
})
