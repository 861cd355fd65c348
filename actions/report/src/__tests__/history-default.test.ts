// History on by default: where the report records a run when `history` is not given, and when it
// records nothing. The cache is a folder with the cache service's semantics (history-cache.test.ts
// drives the real @actions/cache through the bundle; test/report-history-cache.itg.test.ts).
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { executeSuite, type Report } from '@postflight/core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CacheService } from '../history/cache.ts'
import type { Trends } from '../history/trends.ts'
import { DEFAULT_HISTORY_FILE, planHistory } from '../history/where.ts'
import { makeReportSpec } from '../index.ts'
import { folderCache } from './folder-cache.ts'
import { check, leg, writeLegs } from './make-results.ts'

let root: string
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pf-history-default-'))
})
afterEach(() => rm(root, { recursive: true, force: true }))

/** A runner's environment for a JavaScript action step, with the cache service when `cache` is set. */
const runnerEnv = (runId: string, temp: string, cache = true): NodeJS.ProcessEnv => ({
  GITHUB_ACTIONS: 'true',
  GITHUB_REPOSITORY: 'acme/app',
  GITHUB_RUN_ID: runId,
  RUNNER_TEMP: temp,
  ...(cache
    ? {
        ACTIONS_RUNTIME_TOKEN: 'runtime-token',
        ACTIONS_RESULTS_URL: 'http://127.0.0.1:1/',
        ACTIONS_CACHE_SERVICE_V2: 'true',
      }
    : {}),
})

/** Counts loads of the cache package, which a run without the service must never make. */
function counting(service: CacheService) {
  const c = {
    loads: 0,
    load: async () => {
      c.loads++
      return service
    },
  }
  return c
}

async function runReport(env: NodeJS.ProcessEnv, load: () => Promise<CacheService>, extra = {}) {
  const spec = makeReportSpec({ env, cache: load })
  const execution = await executeSuite(spec, {
    raw: {
      results: path.join(root, 'in'),
      formats: 'json,markdown',
      'results-dir': path.join(root, 'own'),
      'out-dir': path.join(root, 'out'),
      ...extra,
    },
    style: 'cli',
    sink: () => {},
    env: {},
  })
  const checks = Object.fromEntries(execution.result.checks.map((c) => [c.id, c]))
  return { execution, checks, report: spec.last.report as Report }
}

const writeRun = (status: 'pass' | 'fail') =>
  writeLegs(path.join(root, 'in'), [
    leg('verify-artifacts', 'linux-x64', [check('checksum:a', status), check('digest:a', 'pass')]),
  ])

describe('history by default on Actions with the cache service', () => {
  it('records every run in RUNNER_TEMP through the cache: trends and fail-on regression from the second run', async () => {
    const c = folderCache(path.join(root, 'store'))
    await writeRun('pass')
    const temp1 = path.join(root, 'temp-1')
    const first = await runReport(runnerEnv('300', temp1), c.load, { 'fail-on': 'regression' })
    expect(first.execution.exitCode).toBe(0)
    expect(first.checks.history?.message).toContain(path.join(temp1, DEFAULT_HISTORY_FILE))
    expect(first.checks['history:save']).toMatchObject({ status: 'pass' })
    expect((await stat(path.join(temp1, DEFAULT_HISTORY_FILE))).size).toBeGreaterThan(0)

    // The next run: a fresh runner (its own empty RUNNER_TEMP), and a check that passed now fails.
    await writeRun('fail')
    const temp2 = path.join(root, 'temp-2')
    const second = await runReport(runnerEnv('301', temp2), c.load, { 'fail-on': 'regression' })
    expect(second.checks['history:restore']?.message).toContain(
      'restored from the Actions cache entry postflight-history-acme/app-300-1',
    )
    const trend = second.report.trend as unknown as Trends
    expect(trend.runs).toBe(2)
    expect(trend.newlyFailing).toEqual([{ leg: 'verify-artifacts@linux-x64', id: 'checksum:a' }])
    // A regression gates: the previous run came through the cache, so fail-on regression knows it.
    expect(second.execution.exitCode).toBe(1)
    const summary = await readFile(path.join(root, 'out', 'summary.md'), 'utf8')
    expect(summary).toMatch(
      /Newly failing since the previous run[\s\S]*verify-artifacts@linux-x64 checksum:a/,
    )
    expect(c.calls).toEqual([
      'restore postflight-history-acme/app-300-1 postflight-history-acme/app-',
      'save postflight-history-acme/app-300-1',
      'restore postflight-history-acme/app-301-1 postflight-history-acme/app-',
      'save postflight-history-acme/app-301-1',
    ])
  })

  it('lets a path the user gives win over the default', async () => {
    const c = folderCache(path.join(root, 'store'))
    await writeRun('pass')
    const mine = path.join(root, 'mine', 'h.sqlite')
    const r = await runReport(runnerEnv('5', path.join(root, 'temp')), c.load, { history: mine })
    expect(r.checks.history?.message).toContain(mine)
    expect((await stat(mine)).size).toBeGreaterThan(0)
    await expect(stat(path.join(root, 'temp', DEFAULT_HISTORY_FILE))).rejects.toThrow()
    expect(c.calls).toEqual([
      'restore postflight-history-acme/app-5-1 postflight-history-acme/app-',
      'save postflight-history-acme/app-5-1',
    ])
  })

  // false as a YAML boolean too, as postflight.yml gives it.
  it.each(['off', 'false', 'OFF', false])(
    'records nothing and calls no cache with history: %s',
    async (off) => {
      const c = folderCache(path.join(root, 'store'))
      const counted = counting(c.service)
      await writeRun('fail')
      const r = await runReport(runnerEnv('6', path.join(root, 'temp')), counted.load, {
        history: off,
        'fail-on': 'regression',
      })
      expect(r.report.trend).toBeUndefined()
      expect(Object.keys(r.checks).filter((id) => id.startsWith('history'))).toEqual([])
      expect(r.execution.result.checks.find((k) => k.id.startsWith('leg:'))?.message).toContain(
        'fail-on regression needs history',
      )
      expect(r.execution.exitCode).toBe(1)
      expect(counted.loads).toBe(0)
      await expect(stat(path.join(root, 'temp', DEFAULT_HISTORY_FILE))).rejects.toThrow()
    },
  )
})

describe('no default history', () => {
  beforeEach(() => writeRun('pass'))

  it.each([
    ['off Actions (the CLI)', { RUNNER_TEMP: 'x', GITHUB_REPOSITORY: 'acme/app', GITHUB_RUN_ID: '1' }],
    ['on Actions without the cache variables (a runner without the service)', runnerEnv('1', 'x', false)],
    ['without a run id', { ...runnerEnv('1', 'x'), GITHUB_RUN_ID: undefined }],
    ['without RUNNER_TEMP', { ...runnerEnv('1', 'x'), RUNNER_TEMP: undefined }],
    ['with the cache mode none', { ...runnerEnv('1', 'x'), ACTIONS_CACHE_MODE: 'none' }],
  ])('%s: nothing recorded, the cache package not even loaded', async (_, env) => {
    const c = folderCache(path.join(root, 'store'))
    const counted = counting(c.service)
    const r = await runReport(env, counted.load)
    expect(r.execution.exitCode).toBe(0)
    expect(r.checks.history).toBeUndefined()
    expect(r.report.trend).toBeUndefined()
    expect(counted.loads).toBe(0)
  })

  it('when @actions/cache says the service is not there (another service version), without a warning', async () => {
    const c = folderCache(path.join(root, 'store'), false)
    const r = await runReport(runnerEnv('1', path.join(root, 'temp')), c.load)
    expect(r.execution.result.status).toBe('pass')
    expect(r.checks.history).toBeUndefined()
    expect(c.calls).toEqual([])
  })

  it('with history-cache false and no path', async () => {
    const c = folderCache(path.join(root, 'store'))
    const r = await runReport(runnerEnv('1', path.join(root, 'temp')), c.load, { 'history-cache': 'false' })
    expect(r.checks.history).toBeUndefined()
    expect(c.calls).toEqual([])
  })
})

describe('the runner cache mode', () => {
  beforeEach(() => writeRun('pass'))

  it('read: restores but does not try to save, and says so without a warning', async () => {
    const c = folderCache(path.join(root, 'store'))
    const r = await runReport(
      { ...runnerEnv('9', path.join(root, 'temp')), ACTIONS_CACHE_MODE: 'read' },
      c.load,
    )
    expect(r.execution.result.status).toBe('pass')
    expect(r.checks['history:save']).toMatchObject({
      status: 'pass',
      message: expect.stringContaining('cache mode read permits no writes'),
    })
    expect(c.calls).toEqual(['restore postflight-history-acme/app-9-1 postflight-history-acme/app-'])
  })

  it('write-only: saves without restoring', async () => {
    const c = folderCache(path.join(root, 'store'))
    const r = await runReport(
      { ...runnerEnv('9', path.join(root, 'temp')), ACTIONS_CACHE_MODE: 'write-only' },
      c.load,
    )
    expect(r.checks['history:restore']?.message).toContain('permits no reads')
    expect(c.calls).toEqual(['save postflight-history-acme/app-9-1'])
  })
})

describe('planHistory', () => {
  it('names why there is no history, for the log', async () => {
    const c = folderCache(path.join(root, 'store'))
    expect((await planHistory({ 'history-cache': true }, {}, c.load)).reason).toMatch(/--history FILE/)
    expect((await planHistory({ 'history-cache': true }, runnerEnv('1', 'x', false), c.load)).reason).toMatch(
      /cache service is not available.*ACTIONS_RUNTIME_TOKEN.*give history a path/,
    )
  })
})
