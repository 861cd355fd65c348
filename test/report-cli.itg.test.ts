// `postflight report` and `postflight history` as a user runs them: the CLI on Node 24, flags named
// like the action's inputs, exit codes 0 / 1 / 2.
import { spawnSync } from 'node:child_process'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { check, leg, writeLegs } from '../actions/report/src/__tests__/make-results.ts'
import { NODE24, REPO } from './helpers/paths.ts'

const BIN = path.join(REPO, 'packages/cli/src/bin.ts')
let root: string

function cli(...args: string[]): { code: number | null; out: string } {
  const r = spawnSync(NODE24, [BIN, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH },
  })
  return { code: r.status, out: r.stdout + r.stderr }
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pf-report-cli-'))
  await writeLegs(path.join(root, 'in'), [
    leg('verify-artifacts', 'linux-x64', [check('checksum:a', 'pass')]),
    leg('platform-smoke', 'linux-x64', [check('smoke:version', 'pass')]),
  ])
})
afterAll(() => rm(root, { recursive: true, force: true }))

describe('postflight report / history', () => {
  it('reports green legs with exit 0 and writes every format', async () => {
    const r = cli(
      'report',
      '--results',
      'in',
      '--expect',
      'verify-artifacts,platform-smoke@linux-x64',
      '--history',
      'h.sqlite',
    )
    expect(r.code, r.out).toBe(0)
    expect((await readdir(path.join(root, 'postflight-report'))).sort()).toEqual(
      ['junit.xml', 'report.html', 'report.json', 'report.sarif', 'summary.md'].sort(),
    )
  })

  it('exits 1 naming a missing leg, 2 on a bad flag', () => {
    const missing = cli('report', '--results', 'in', '--expect', 'platform-smoke@win32-x64')
    expect(missing.code).toBe(1)
    expect(missing.out).toContain('expected:platform-smoke@win32-x64')
    const bad = cli('report', '--results', 'in', '--formats', 'pdf')
    expect(bad.code).toBe(2)
    expect(bad.out).toMatch(/--formats/)
  })

  it('history prints the trends of the latest run', () => {
    cli('report', '--results', 'in', '--history', 'h.sqlite')
    const r = cli('history', '--history', 'h.sqlite')
    expect(r.code, r.out).toBe(0)
    expect(r.out).toMatch(/0 newly failing, 0 newly fixed, 0 flaky, 0 slower, 0 below 100% over 2 runs/)
    expect(cli('history', '--history', 'nope.sqlite').code).toBe(2)
  })
})
