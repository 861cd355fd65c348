import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findCommand, type SuiteCommand } from '../commands.ts'
import type { LegPlan } from '../run/plan.ts'
import { plainDisplay } from '../run/progress.ts'
import { runLegs } from '../run/run-legs.ts'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pf-legs-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('#runLegs', () => {
  it('writes a skipped result for a leg that cannot run here, and an error for one a cancel kept from running', async () => {
    const legs: LegPlan[] = [
      { suite: 'platform-smoke', label: 'darwin-arm64', run: false, reason: 'not this runner' },
      {
        suite: 'verify-artifacts',
        label: 'linux-x64',
        run: true,
        command: findCommand('verify') as SuiteCommand,
      },
    ]
    const rows = legs.map((l) => ({ name: `${l.suite}@${l.label}`, state: 'waiting' as const }))
    const lines: string[] = []
    const stream = { write: (s: string) => lines.push(s) } as unknown as NodeJS.WritableStream
    const controller = new AbortController()
    controller.abort(new Error('cancelled by SIGINT'))
    const outcomes = await runLegs(legs, rows, {
      config: path.join(dir, 'none.yml'),
      resultsDir: dir,
      display: plainDisplay(rows, stream, 'human'),
      signal: controller.signal,
      env: {},
      release: {},
      verbose: false,
    })
    expect(outcomes.map((o) => [o.suite, o.label, o.ran, o.status])).toEqual([
      ['platform-smoke', 'darwin-arm64', false, 'skip'],
      ['verify-artifacts', 'linux-x64', false, 'error'],
    ])
    const cancelled = JSON.parse(await readFile(outcomes[1]?.resultsFile ?? '', 'utf8'))
    expect(cancelled).toMatchObject({
      suite: 'verify-artifacts',
      status: 'error',
      leg: { os: 'linux', arch: 'x64', runner: 'not run', label: 'linux-x64' },
      checks: [{ id: 'run:not-run', status: 'error', message: 'not run: cancelled before it ran' }],
    })
    const skipped = JSON.parse(await readFile(outcomes[0]?.resultsFile ?? '', 'utf8'))
    expect(skipped).toMatchObject({ status: 'skip', leg: { os: 'darwin', arch: 'arm64' } })
    expect(lines.join('')).toContain('verify-artifacts@linux-x64')
  })
})
