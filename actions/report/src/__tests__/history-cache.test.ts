import { copyFile, mkdtemp, rm, stat } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { executeSuite, type Report } from '@postflight/core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  type CacheService,
  cachePath,
  historyCacheKeys,
  restoreHistory,
  saveHistory,
} from '../history/cache.ts'
import type { Trends } from '../history/trends.ts'
import { makeReportSpec } from '../index.ts'
import { folderCache } from './folder-cache.ts'
import { check, leg, writeLegs } from './make-results.ts'

let root: string
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pf-history-cache-'))
})
afterEach(() => rm(root, { recursive: true, force: true }))

const actionsEnv = (runId: string, attempt?: string): NodeJS.ProcessEnv => ({
  GITHUB_ACTIONS: 'true',
  GITHUB_REPOSITORY: 'acme/app',
  GITHUB_RUN_ID: runId,
  ...(attempt ? { GITHUB_RUN_ATTEMPT: attempt } : {}),
})

async function runReport(
  env: NodeJS.ProcessEnv,
  history: string,
  cache: (() => Promise<CacheService>) | undefined,
  extra: Record<string, string> = {},
  cacheTimeoutMs?: number,
) {
  const spec = makeReportSpec({
    env,
    ...(cache ? { cache } : {}),
    ...(cacheTimeoutMs ? { cacheTimeoutMs } : {}),
  })
  const execution = await executeSuite(spec, {
    raw: {
      results: path.join(root, 'in'),
      history,
      formats: 'json',
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

describe('historyCacheKeys', () => {
  it.each([
    [actionsEnv('9001', '2'), 'postflight-history-acme/app-9001-2', 'postflight-history-acme/app-'],
    [actionsEnv('9001'), 'postflight-history-acme/app-9001-1', 'postflight-history-acme/app-'],
    [
      { ...actionsEnv('1,2'), GITHUB_REPOSITORY: 'a,b/c' },
      'postflight-history-a_b/c-1_2-1',
      'postflight-history-a_b/c-',
    ],
  ])('builds a new key per run and attempt under the repository prefix (%#)', (env, key, prefix) => {
    const keys = historyCacheKeys(env)
    expect(keys).toEqual({ key, prefix })
    expect(keys?.key.startsWith(keys.prefix)).toBe(true)
  })

  it.each([{}, { GITHUB_REPOSITORY: 'acme/app' }, { GITHUB_RUN_ID: '1' }])(
    'gives no key when the run is not identified (%j)',
    (env) => {
      expect(historyCacheKeys(env)).toBeUndefined()
    },
  )
})

describe('cachePath', () => {
  // The cache version hashes these strings: a file must be named the same way in every run, and
  // the client refuses patterns with '..'.
  it.each([
    ['postflight-history.sqlite', '/w/ws', 'postflight-history.sqlite'],
    ['/w/ws/sub/h.sqlite', '/w/ws', 'sub/h.sqlite'],
    ['./sub/../h.sqlite', '/w/ws', 'h.sqlite'],
    ['/w/_temp/postflight-history.sqlite', '/w/ws', '/w/_temp/postflight-history.sqlite'],
    ['../_temp/h.sqlite', '/w/ws', '/w/_temp/h.sqlite'],
  ])('names %s from %s as %s', (file, cwd, expected) => {
    expect(cachePath(file, cwd)).toBe(expected)
  })
})

describe('restoreHistory and saveHistory', () => {
  const keys = { key: 'postflight-history-acme/app-2-1', prefix: 'postflight-history-acme/app-' }

  it('warns, and calls nothing, when the cache service is not available', async () => {
    const c = folderCache(path.join(root, 'store'), false)
    const file = path.join(root, 'db.sqlite')
    const restored = await restoreHistory(c.load, file, keys)
    const saved = await saveHistory(c.load, file, keys)
    expect(restored.status).toBe('warn')
    expect(restored.message).toMatch(/not available.*kept only in .*db\.sqlite/)
    expect(saved.status).toBe('warn')
    expect(c.calls).toEqual([])
  })

  it('warns when the package cannot be loaded or a call throws, never throws itself', async () => {
    const file = path.join(root, 'db.sqlite')
    const broken = async (): Promise<CacheService> => {
      throw new Error('Cannot find package @actions/cache')
    }
    expect(await restoreHistory(broken, file, keys)).toMatchObject({
      status: 'warn',
      message: expect.stringContaining('Cannot find package'),
    })
    const throwing: CacheService = {
      isFeatureAvailable: () => true,
      restoreCache: () => Promise.reject(new Error('Key Validation Error')),
      saveCache: () => Promise.reject(new Error('Path Validation Error')),
    }
    expect(await restoreHistory(async () => throwing, file, keys)).toMatchObject({
      status: 'warn',
      message: expect.stringContaining('Key Validation Error'),
    })
    expect(await saveHistory(async () => throwing, file, keys)).toMatchObject({
      status: 'warn',
      message: expect.stringContaining('Path Validation Error'),
    })
  })

  it('warns when the save is refused (-1: the key exists, or the upload failed)', async () => {
    const c = folderCache(path.join(root, 'store'))
    const file = path.join(root, 'db.sqlite')
    await copyFile(path.join(import.meta.dirname, 'make-results.ts'), file)
    expect((await saveHistory(c.load, file, keys)).status).toBe('pass')
    const again = await saveHistory(c.load, file, keys)
    expect(again.status).toBe('warn')
    expect(again.message).toContain(keys.key)
  })

  it('keeps a database already on the runner instead of restoring over it', async () => {
    const c = folderCache(path.join(root, 'store'))
    const file = path.join(root, 'db.sqlite')
    await copyFile(path.join(import.meta.dirname, 'make-results.ts'), file)
    const restored = await restoreHistory(c.load, file, keys)
    expect(restored).toMatchObject({ status: 'pass', message: expect.stringContaining('kept') })
    expect(c.calls).toEqual([])
  })
})

describe('report engine with history-cache', () => {
  beforeEach(() =>
    writeLegs(path.join(root, 'in'), [
      leg('verify-artifacts', 'linux-x64', [check('checksum:a', 'pass'), check('digest:a', 'pass')]),
    ]),
  )

  it('carries the history from one runner to the next through the cache, a new key per run', async () => {
    const c = folderCache(path.join(root, 'store'))
    const runner = path.join(root, 'runner')
    const db = path.join(runner, 'history.sqlite')

    const first = await runReport(actionsEnv('100'), db, c.load)
    expect(first.execution.exitCode).toBe(0)
    expect(first.checks['history:restore']?.message).toMatch(
      /no cache entry under postflight-history-acme\/app-/,
    )
    expect(first.checks['history:save']).toMatchObject({ status: 'pass' })
    expect((first.report.trend as unknown as Trends).previous).toBeUndefined()

    // A fresh runner: nothing on disk but what the cache gives back.
    await rm(runner, { recursive: true, force: true })
    const second = await runReport(actionsEnv('101'), db, c.load)
    expect(second.execution.exitCode).toBe(0)
    expect(second.checks['history:restore']?.message).toContain(
      'restored from the Actions cache entry postflight-history-acme/app-100-1',
    )
    const trend = second.report.trend as unknown as Trends
    expect(trend.runs).toBe(2)
    expect(trend.previous).toBeDefined()
    expect(c.calls).toEqual([
      'restore postflight-history-acme/app-100-1 postflight-history-acme/app-',
      'save postflight-history-acme/app-100-1',
      'restore postflight-history-acme/app-101-1 postflight-history-acme/app-',
      'save postflight-history-acme/app-101-1',
    ])
  })

  it('with the cache service unavailable: warns, still records the run locally, verdict unchanged', async () => {
    const c = folderCache(path.join(root, 'store'), false)
    const db = path.join(root, 'runner', 'history.sqlite')
    const r = await runReport(actionsEnv('7'), db, c.load)
    expect(r.execution.exitCode).toBe(0)
    expect(r.report.status).toBe('pass')
    expect(r.checks['history:restore']?.status).toBe('warn')
    expect(r.checks.history?.status).toBe('pass')
    expect(r.checks['history:save']?.status).toBe('warn')
    expect((await stat(db)).size).toBeGreaterThan(0)
    expect(c.calls).toEqual([])
  })

  it('never fails the step, even under fail-on warn: cache warnings are then recorded as skip', async () => {
    const c = folderCache(path.join(root, 'store'), false)
    const db = path.join(root, 'runner', 'history.sqlite')
    // Every leg passes (beforeEach): the exit code may turn on nothing but the cache.
    const r = await runReport(actionsEnv('8'), db, c.load, { 'fail-on': 'warn' })
    expect(r.execution.exitCode).toBe(0)
    expect(r.checks['history:restore']).toMatchObject({
      status: 'skip',
      message: expect.stringContaining('the history never fails the step'),
    })
    expect(r.checks['history:save']?.status).toBe('skip')
    expect(r.checks.history?.status).toBe('pass')
  })

  it('abandons a restore that never answers: a warning, no history this run, the report still written', async () => {
    const stuck: CacheService = {
      isFeatureAvailable: () => true,
      restoreCache: () => new Promise(() => {}),
      saveCache: async () => 1,
    }
    const db = path.join(root, 'runner', 'history.sqlite')
    const r = await runReport(actionsEnv('9'), db, async () => stuck, {}, 50)
    expect(r.execution.exitCode).toBe(0)
    expect(r.checks['history:restore']).toMatchObject({
      status: 'warn',
      message: expect.stringMatching(/did not finish in 0\.05 s and was abandoned.*not recorded/),
    })
    expect(r.checks.history).toBeUndefined()
    expect(r.checks['history:save']).toBeUndefined()
    await expect(stat(db)).rejects.toThrow()
    expect(r.checks['render:json']?.status).toBe('pass')
  })

  it('saves only after the report files are written, and abandons a save that never answers', async () => {
    const out = path.join(root, 'out', 'report.json')
    let reportWrittenBeforeSave: boolean | undefined
    const stuck: CacheService = {
      isFeatureAvailable: () => true,
      restoreCache: async () => undefined,
      saveCache: async () => {
        reportWrittenBeforeSave = (await stat(out).catch(() => undefined)) !== undefined
        return new Promise(() => {})
      },
    }
    const db = path.join(root, 'runner', 'history.sqlite')
    const r = await runReport(actionsEnv('10'), db, async () => stuck, {}, 50)
    expect(reportWrittenBeforeSave).toBe(true)
    expect(r.execution.exitCode).toBe(0)
    expect(r.checks.history?.status).toBe('pass')
    expect(r.checks['history:save']).toMatchObject({
      status: 'warn',
      message: expect.stringContaining('the save did not finish in 0.05 s'),
    })
  })

  it('makes no cache call off Actions or with history-cache: false', async () => {
    const c = folderCache(path.join(root, 'store'))
    const db = path.join(root, 'runner', 'history.sqlite')
    const off = await runReport({ GITHUB_REPOSITORY: 'acme/app', GITHUB_RUN_ID: '5' }, db, c.load)
    const disabled = await runReport(actionsEnv('6'), db, c.load, { 'history-cache': 'false' })
    for (const r of [off, disabled]) {
      expect(r.execution.exitCode).toBe(0)
      expect(r.checks.history?.status).toBe('pass')
      expect(r.checks['history:restore']).toBeUndefined()
      expect(r.checks['history:save']).toBeUndefined()
    }
    expect(c.calls).toEqual([])
  })
})
