// The committed report bundle with `history` on a real file path, run as the runner runs it, where
// the Actions cache service cannot be used: not configured at all, or refusing the real
// @actions/cache client as it does a run of an untrusted event (a fork's pull request). The run is still recorded in the file, the step passes, the cache calls
// are warnings. And a round trip between two fresh runners through a loopback stand-in for the
// cache service (test/report/actions-cache-fake.ts), driven by the real @actions/cache.

import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { check, leg, writeLegs } from '../actions/report/src/__tests__/make-results.ts'
import { REPO } from './helpers/paths.ts'
import { runBundle } from './helpers/run-bundle.ts'
import { startActionsCacheFake } from './report/actions-cache-fake.ts'

const BUNDLE = path.join(REPO, 'actions/report/dist/index.js')

let root: string
let results: string
let server: Server
let hits: string[]
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pf-report-cache-'))
  results = path.join(root, 'results')
  await writeLegs(results, [leg('verify-artifacts', 'linux-x64', [check('checksum:app.tar.gz', 'pass')])])
  hits = []
  server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`)
    // Twirp errors as the service words a read-only token's denial (a 503 would be retried by the
    // client for about 45 s per call, which says nothing more).
    const what = req.url?.includes('GetCacheEntryDownloadURL') ? 'read' : 'write'
    res
      .writeHead(403, { 'content-type': 'application/json' })
      .end(JSON.stringify({ code: 'permission_denied', msg: `cache ${what} denied: untrusted event` }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
})
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
  await rm(root, { recursive: true, force: true })
})

const runs = (file: string): number => {
  const db = new DatabaseSync(file, { readOnly: true })
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM runs').get() as { n: number }).n
  } finally {
    db.close()
  }
}

describe('report history and the Actions cache, through the committed bundle', () => {
  it('warns that the cache service is not available, records the run in the file, passes', async () => {
    const history = path.join(root, 'no-service', 'history.sqlite')
    const run = await runBundle(
      BUNDLE,
      root,
      { results, history, formats: 'json' },
      { env: { GITHUB_REPOSITORY: 'acme/app', GITHUB_RUN_ID: '11', GITHUB_RUN_ATTEMPT: '1' } },
    )
    expect(run.code, run.log).toBe(0)
    expect(run.outputs.verdict).toBe('pass')
    expect(run.log).toMatch(/::warning::.*Actions cache service is not available/)
    expect(runs(history)).toBe(1)
  })

  it('survives the real @actions/cache being refused by the service (a read-only cache token)', async () => {
    const history = path.join(root, 'down', 'history.sqlite')
    const { port } = server.address() as AddressInfo
    const env = {
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_RUN_ID: '12',
      ACTIONS_CACHE_SERVICE_V2: 'true',
      ACTIONS_RESULTS_URL: `http://127.0.0.1:${port}/`,
      ACTIONS_RUNTIME_TOKEN: 'not-a-real-token',
    }
    const first = await runBundle(BUNDLE, root, { results, history, formats: 'json' }, { env })
    expect(first.code, first.log).toBe(0)
    expect(first.outputs.verdict).toBe('pass')
    // The client really asked the service, for this run's key restored by the repository prefix...
    expect(hits.some((h) => h.includes('CacheService/GetCacheEntryDownloadURL'))).toBe(true)
    expect(hits.some((h) => h.includes('CacheService/CreateCacheEntry'))).toBe(true)
    // ...and the failed save is a warning naming the file, not a failed step.
    expect(first.log).toMatch(/::warning::.*history\.sqlite was not saved to the Actions cache/)
    expect(runs(history)).toBe(1)

    // The file is on disk now, so the next run on this runner keeps it and adds to it.
    const second = await runBundle(
      BUNDLE,
      root,
      { results, history, formats: 'json' },
      { env: { ...env, GITHUB_RUN_ID: '13' } },
    )
    expect(second.code, second.log).toBe(0)
    expect(runs(history)).toBe(2)
    expect((await stat(history)).size).toBeGreaterThan(0)
  }, 60_000)

  it('carries the history from one fresh runner to the next through the cache service', async () => {
    const cache = await startActionsCacheFake()
    try {
      const env = {
        GITHUB_REPOSITORY: 'acme/app',
        ACTIONS_CACHE_SERVICE_V2: 'true',
        ACTIONS_RESULTS_URL: cache.url,
        ACTIONS_RUNTIME_TOKEN: 'not-a-real-token',
      }
      // A relative path, as a workflow writes it: each runner's workspace starts empty.
      const inputs = { results, history: 'postflight-history.sqlite', formats: 'json' }
      const first = await runBundle(BUNDLE, root, inputs, { env: { ...env, GITHUB_RUN_ID: '21' } })
      expect(first.code, first.log).toBe(0)
      expect(cache.entries().map((e) => e.key)).toEqual(['postflight-history-acme/app-21-1'])

      const second = await runBundle(BUNDLE, root, inputs, {
        env: { ...env, GITHUB_RUN_ID: '22', GITHUB_RUN_ATTEMPT: '2' },
      })
      expect(second.code, second.log).toBe(0)
      expect(second.log).not.toMatch(/::warning::/)
      expect(runs(path.join(second.step, 'postflight-history.sqlite'))).toBe(2)
      expect(cache.calls).toEqual([
        'GetCacheEntryDownloadURL postflight-history-acme/app-21-1',
        'CreateCacheEntry postflight-history-acme/app-21-1',
        'FinalizeCacheEntryUpload postflight-history-acme/app-21-1',
        'GetCacheEntryDownloadURL postflight-history-acme/app-22-2',
        'CreateCacheEntry postflight-history-acme/app-22-2',
        'FinalizeCacheEntryUpload postflight-history-acme/app-22-2',
      ])
      const report = JSON.parse(
        await readFile(path.join(second.step, 'postflight-report/report.json'), 'utf8'),
      )
      expect(report.trend.runs).toBe(2)
    } finally {
      await cache.close()
    }
  }, 60_000)

  it('with no history input: every run is recorded under RUNNER_TEMP and trends show from the second run', async () => {
    const cache = await startActionsCacheFake()
    try {
      const env = {
        GITHUB_REPOSITORY: 'acme/app',
        ACTIONS_CACHE_SERVICE_V2: 'true',
        ACTIONS_RESULTS_URL: cache.url,
        ACTIONS_RUNTIME_TOKEN: 'not-a-real-token',
      }
      const failing = path.join(root, 'failing')
      await writeLegs(failing, [leg('verify-artifacts', 'linux-x64', [check('checksum:app.tar.gz', 'fail')])])
      // Each run in a fresh step folder, which is also its RUNNER_TEMP: nothing is kept but the cache.
      const first = await runBundle(
        BUNDLE,
        root,
        { results, formats: 'json,markdown' },
        {
          env: { ...env, GITHUB_RUN_ID: '31' },
        },
      )
      expect(first.code, first.log).toBe(0)
      expect(runs(path.join(first.step, 'postflight-history.sqlite'))).toBe(1)
      expect(cache.entries().map((e) => e.key)).toEqual(['postflight-history-acme/app-31-1'])

      const second = await runBundle(
        BUNDLE,
        root,
        { results: failing, formats: 'json,markdown', 'fail-on': 'regression' },
        { env: { ...env, GITHUB_RUN_ID: '32' } },
      )
      // The check passed in the previous run and fails now: a regression, known only through the cache.
      expect(second.code, second.log).toBe(1)
      expect(second.log).not.toMatch(/::warning::/)
      expect(runs(path.join(second.step, 'postflight-history.sqlite'))).toBe(2)
      expect(second.summary).toMatch(/Newly failing since the previous run[\s\S]*checksum:app\.tar\.gz/)
      const report = JSON.parse(
        await readFile(path.join(second.step, 'postflight-report/report.json'), 'utf8'),
      )
      expect(report.trend.runs).toBe(2)
      expect(report.trend.newlyFailing).toEqual([
        { leg: 'verify-artifacts@linux-x64', id: 'checksum:app.tar.gz' },
      ])

      // history: off records nothing and asks the service nothing.
      const before = cache.calls.length
      const off = await runBundle(
        BUNDLE,
        root,
        { results, formats: 'json', history: 'off' },
        {
          env: { ...env, GITHUB_RUN_ID: '33' },
        },
      )
      expect(off.code, off.log).toBe(0)
      expect(cache.calls.length).toBe(before)
      await expect(stat(path.join(off.step, 'postflight-history.sqlite'))).rejects.toThrow()
    } finally {
      await cache.close()
    }
  }, 60_000)

  it('with no history input and the cache variables of an artifact-only service: no history, no cache call, no wait', async () => {
    // As the artifact tests set it: ACTIONS_RESULTS_URL with a token, but no cache service version
    // flag, so @actions/cache would speak v1 and needs ACTIONS_CACHE_URL. The port refuses connections.
    const started = Date.now()
    const run = await runBundle(
      BUNDLE,
      root,
      { results, formats: 'json' },
      {
        env: {
          GITHUB_REPOSITORY: 'acme/app',
          GITHUB_RUN_ID: '41',
          ACTIONS_RESULTS_URL: 'http://127.0.0.1:9/',
          ACTIONS_RUNTIME_TOKEN: 'not-a-real-token',
        },
      },
    )
    expect(run.code, run.log).toBe(0)
    expect(run.log).not.toMatch(/::warning::/)
    expect(run.log).toContain('no history is recorded: the Actions cache service is not available')
    await expect(stat(path.join(run.step, 'postflight-history.sqlite'))).rejects.toThrow()
    expect(Date.now() - started).toBeLessThan(15_000)
  }, 30_000)

  it('a reserve conflict or a rate limit on save is a warning, and the verdict and the file stand', async () => {
    const cache = await startActionsCacheFake()
    try {
      const env = {
        GITHUB_REPOSITORY: 'acme/app',
        GITHUB_RUN_ID: '51',
        ACTIONS_CACHE_SERVICE_V2: 'true',
        ACTIONS_RESULTS_URL: cache.url,
        ACTIONS_RUNTIME_TOKEN: 'not-a-real-token',
      }
      const first = await runBundle(BUNDLE, root, { results, formats: 'json' }, { env })
      expect(first.code, first.log).toBe(0)
      // The same run and attempt again (a re-run step): its key is taken, entries are immutable.
      const conflict = await runBundle(BUNDLE, root, { results, formats: 'json' }, { env })
      expect(conflict.code, conflict.log).toBe(0)
      expect(conflict.outputs.verdict).toBe('pass')
      expect(conflict.log).toMatch(
        /::warning::.*postflight-history\.sqlite was not saved to the Actions cache as postflight-history-acme\/app-51-1/,
      )
      expect(runs(path.join(conflict.step, 'postflight-history.sqlite'))).toBe(2)

      cache.failNext('CreateCacheEntry', 429, 'too many requests', { 'retry-after': '60' })
      const limited = await runBundle(
        BUNDLE,
        root,
        { results, formats: 'json' },
        {
          env: { ...env, GITHUB_RUN_ID: '52' },
        },
      )
      expect(limited.code, limited.log).toBe(0)
      expect(limited.outputs.verdict).toBe('pass')
      expect(limited.log).toMatch(/::warning::.*was not saved to the Actions cache/)
      expect(cache.calls).toContain('CreateCacheEntry postflight-history-acme/app-52-1')
      expect(cache.entries().map((e) => e.key)).toEqual(['postflight-history-acme/app-51-1'])
      const results52 = JSON.parse(await readFile(limited.outputs['results-file'] as string, 'utf8'))
      expect(results52.checks.find((c: { id: string }) => c.id === 'history:save')?.status).toBe('warn')
    } finally {
      await cache.close()
    }
  }, 60_000)

  it('a save the service never answers is abandoned: the step ends with its report, outputs and summary', async () => {
    const cache = await startActionsCacheFake()
    try {
      cache.hangNext('CreateCacheEntry')
      const started = Date.now()
      const run = await runBundle(
        BUNDLE,
        root,
        { results, formats: 'json,markdown' },
        {
          env: {
            GITHUB_REPOSITORY: 'acme/app',
            GITHUB_RUN_ID: '61',
            ACTIONS_CACHE_SERVICE_V2: 'true',
            ACTIONS_RESULTS_URL: cache.url,
            ACTIONS_RUNTIME_TOKEN: 'not-a-real-token',
            POSTFLIGHT_HISTORY_CACHE_TIMEOUT_MS: '1500',
          },
        },
      )
      // Without the entry ending the process, the open request would hold it past this test's timeout.
      expect(Date.now() - started).toBeLessThan(20_000)
      expect(run.code, run.log).toBe(0)
      expect(run.outputs.verdict).toBe('pass')
      expect(run.log).toMatch(
        /::warning::.*not saved to the Actions cache: the save did not finish in 1\.5 s/,
      )
      expect(cache.calls).toContain('CreateCacheEntry (no answer)')
      expect(run.summary).toMatch(/^# ✅ Release/)
      expect(JSON.parse(run.outputs['report-files'] ?? '[]')).toHaveLength(2)
      expect(runs(path.join(run.step, 'postflight-history.sqlite'))).toBe(1)
    } finally {
      await cache.close()
    }
  }, 40_000)
})
