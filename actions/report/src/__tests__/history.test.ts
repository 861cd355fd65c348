import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { type Check, executeSuite, type Report, type SuiteResult } from '@postflight/core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { aggregate } from '../aggregate.ts'
import { withHistory } from '../history/index.ts'
import { KEEP_RUNS, openHistory, recordRun } from '../history/store.ts'
import { computeTrends, type Trends } from '../history/trends.ts'
import { historySpec } from '../history-command.ts'
import { makeReportSpec } from '../index.ts'
import { renderMarkdown } from '../render/markdown.ts'
import { check, leg, writeLegs } from './make-results.ts'

let root: string
let db: string
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pf-history-'))
  db = path.join(root, 'history', 'postflight.sqlite')
})
afterEach(() => rm(root, { recursive: true, force: true }))

const reportOf = (checks: Check[], tag: string): Report => {
  const result: SuiteResult = { ...leg('platform-smoke', 'linux-x64', checks), release: { tag } }
  return aggregate([{ ok: true, file: 'x', result }], [])
}

describe('history', () => {
  it('finds newly failing, newly fixed, flaky and slower checks against the previous run', () => {
    withHistory(
      db,
      reportOf(
        [check('a', 'pass'), check('b', 'fail'), check('c', 'pass'), check('d', 'pass', { durationMs: 20 })],
        'v1',
      ),
    )
    withHistory(
      db,
      reportOf(
        [check('a', 'pass'), check('b', 'fail'), check('c', 'pass'), check('d', 'pass', { durationMs: 22 })],
        'v2',
      ),
    )
    const h = withHistory(
      db,
      reportOf(
        [
          check('a', 'fail'),
          check('b', 'pass'),
          check('c', 'pass', { attempts: 3 }),
          check('d', 'pass', { durationMs: 900 }),
        ],
        'v3',
      ),
    )
    const t = h.trend as unknown as Trends
    const ids = (list: { id: string }[]) => list.map((c) => c.id)
    expect(t.runs).toBe(3)
    expect(t.previous?.tag).toBe('v2')
    expect(ids(t.newlyFailing)).toEqual(['a'])
    expect(ids(t.newlyFixed)).toEqual(['b'])
    expect(ids(t.flaky)).toEqual(['c'])
    expect(t.durationRegressions).toEqual([
      { leg: 'platform-smoke@linux-x64', id: 'd', ms: 900, medianMs: 21 },
    ])
    expect(t.unstable.map((u) => `${u.id} ${u.passed}/${u.runs}`).sort()).toEqual(['a 2/3', 'b 1/3'])
    expect([...h.regressions]).toEqual(['platform-smoke@linux-x64 a'])
    const md = renderMarkdown({ ...reportOf([], 'v3'), trend: h.trend })
    expect(md).toContain('## Newly failing since v2')
  })

  it('fail-on regression fails only on checks that passed in the previous run', async () => {
    const run = async (checks: Check[]) => {
      const dir = await mkdtemp(path.join(root, 'in-'))
      await writeLegs(dir, [leg('platform-smoke', 'linux-x64', checks)])
      const spec = makeReportSpec({ env: {} })
      const execution = await executeSuite(spec, {
        raw: {
          results: dir,
          history: db,
          'fail-on': 'regression',
          'out-dir': path.join(root, 'out'),
          'results-dir': path.join(root, 'own'),
        },
        style: 'cli',
        sink: () => {},
        env: {},
      })
      return execution.exitCode
    }
    // the first run has nothing to compare with: fail closed, every failure counts
    expect(await run([check('old', 'fail'), check('b', 'pass')])).toBe(1)
    // still failing, nothing new: not a regression
    expect(await run([check('old', 'fail'), check('b', 'pass')])).toBe(0)
    // b passed before and fails now
    expect(await run([check('old', 'fail'), check('b', 'fail')])).toBe(1)
  })

  it('postflight history prints the trends of the latest run, failing on a regression', async () => {
    withHistory(db, reportOf([check('a', 'pass')], 'v1'))
    withHistory(db, reportOf([check('a', 'fail')], 'v2'))
    const lines: string[] = []
    const execution = await executeSuite(historySpec, {
      raw: { history: db, 'results-dir': path.join(root, 'own') },
      style: 'cli',
      sink: (r) => lines.push(r.message),
      env: {},
    })
    expect(execution.exitCode).toBe(1)
    expect(execution.result.checks.map((c) => `${c.id}=${c.status}`)).toContain(
      'newly-failing:platform-smoke@linux-x64 a=fail',
    )
    expect(lines.join('\n')).toMatch(/pass rate 1\/2 {2}platform-smoke@linux-x64 a/)
  })

  it('compares newly failing and fixed with the previous release, fail-on regression with the previous run', async () => {
    const run = async (checks: Check[], tag: string) => {
      const dir = await mkdtemp(path.join(root, 'in-'))
      await writeLegs(dir, [leg('platform-smoke', 'linux-x64', checks, { release: { tag } })])
      const spec = makeReportSpec({ env: {} })
      const execution = await executeSuite(spec, {
        raw: {
          results: dir,
          history: db,
          'fail-on': 'regression',
          formats: 'markdown',
          'out-dir': path.join(root, 'out'),
          'results-dir': path.join(root, 'own'),
        },
        style: 'cli',
        sink: () => {},
        env: {},
      })
      return { exitCode: execution.exitCode, trend: spec.last.report?.trend as unknown as Trends }
    }
    const ids = (list: { id: string }[]) => list.map((c) => c.id).sort()
    await run([check('a', 'pass'), check('b', 'pass'), check('c', 'fail')], 'v1')
    // v2's first run: a broke, c was fixed, since v1 (also the previous run).
    const first = await run([check('a', 'fail'), check('b', 'pass'), check('c', 'pass')], 'v2')
    expect(first.exitCode).toBe(1)
    expect(first.trend.since).toMatchObject({ tag: 'v1', release: true })
    // v2 validated again (a nightly run): b broke since the previous run.
    const again = await run([check('a', 'fail'), check('b', 'fail'), check('c', 'pass')], 'v2')
    expect(again.trend.previous?.tag).toBe('v2')
    expect(again.trend.since).toMatchObject({ tag: 'v1', release: true })
    expect(ids(again.trend.newlyFailing)).toEqual(['a', 'b'])
    expect(ids(again.trend.newlyFixed)).toEqual(['c'])
    expect(ids(again.trend.regressed)).toEqual(['b'])
    expect(again.exitCode).toBe(1)
    const md = await readFile(path.join(root, 'out', 'summary.md'), 'utf8')
    expect(md).toMatch(
      /## Newly failing since v1\n\n\| Check \|\n\|---\|\n\| platform-smoke@linux-x64 a \|\n\| platform-smoke@linux-x64 b \|/,
    )
    expect(md).toMatch(
      /## Regressed since the previous run\n\n\| Check \|\n\|---\|\n\| platform-smoke@linux-x64 b \|\n\n/,
    )
    // And a third time, nothing changed since the previous run: still newly failing since v1,
    // but not a regression, so fail-on regression passes the step.
    const third = await run([check('a', 'fail'), check('b', 'fail'), check('c', 'pass')], 'v2')
    expect(ids(third.trend.newlyFailing)).toEqual(['a', 'b'])
    expect(third.trend.regressed).toEqual([])
    expect(third.exitCode).toBe(0)
  })

  it('postflight history prints what the report shows: the release baseline, fixed, flaky, slower, pass rates', async () => {
    withHistory(
      db,
      reportOf([check('a', 'pass'), check('b', 'fail'), check('d', 'pass', { durationMs: 20 })], 'v1'),
    )
    withHistory(
      db,
      reportOf([check('a', 'pass'), check('b', 'fail'), check('d', 'pass', { durationMs: 24 })], 'v2'),
    )
    withHistory(
      db,
      reportOf(
        [check('a', 'pass'), check('b', 'pass', { attempts: 2 }), check('d', 'pass', { durationMs: 700 })],
        'v2',
      ),
    )
    const lines: string[] = []
    const execution = await executeSuite(historySpec, {
      raw: { history: db, 'results-dir': path.join(root, 'own') },
      style: 'cli',
      sink: (r) => lines.push(r.message),
      env: {},
    })
    const checks = Object.fromEntries(execution.result.checks.map((c) => [c.id, c]))
    expect(checks['newly-fixed:platform-smoke@linux-x64 b']).toMatchObject({
      status: 'pass',
      message: 'failed in the previous release (v1), passes now',
    })
    expect(checks['flaky:platform-smoke@linux-x64 b']?.status).toBe('warn')
    expect(checks['slower:platform-smoke@linux-x64 d']).toMatchObject({
      status: 'warn',
      message: '700 ms against a median of 22 ms',
    })
    // Only warnings (flaky, slower) and a fix: nothing fails under the default fail-on (fail).
    expect(execution.exitCode).toBe(0)
    const log = lines.join('\n')
    expect(log).toContain('against the previous release, v1, over 3 runs')
    expect(log).toMatch(/pass rate 1\/3 {2}platform-smoke@linux-x64 b/)
  })

  it('reads a version 1 database (strings in every row) by moving its rows, and refuses a newer one', async () => {
    await mkdir(path.dirname(db), { recursive: true })
    const v1 = new DatabaseSync(db)
    v1.exec(`
      CREATE TABLE runs (id INTEGER PRIMARY KEY, generated_at TEXT NOT NULL, repo TEXT, tag TEXT, version TEXT, status TEXT NOT NULL);
      CREATE TABLE checks (run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, leg TEXT NOT NULL,
        check_id TEXT NOT NULL, status TEXT NOT NULL, duration_ms REAL NOT NULL, attempts INTEGER, flaky INTEGER NOT NULL DEFAULT 0);
      INSERT INTO runs VALUES (1, '2026-11-01T00:00:00.000Z', 'acme/app', 'v1', '1', 'pass');
      INSERT INTO checks VALUES (1, 'platform-smoke@linux-x64', 'a', 'pass', 12, NULL, 0),
                                (1, 'platform-smoke@linux-x64', 'b', 'fail', 12, NULL, 0);
    `)
    v1.close()
    const h = withHistory(db, reportOf([check('a', 'fail'), check('b', 'pass')], 'v2'))
    const t = h.trend as unknown as Trends
    expect(t.runs).toBe(2)
    expect(t.since).toMatchObject({ tag: 'v1', release: true })
    expect(t.newlyFailing.map((c) => c.id)).toEqual(['a'])
    expect(t.newlyFixed.map((c) => c.id)).toEqual(['b'])
    const after = new DatabaseSync(db, { readOnly: true })
    const tables = after.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all()
    expect(tables.map((r) => (r as { name: string }).name)).toEqual(['check_keys', 'results', 'runs'])
    after.close()

    const newer = new DatabaseSync(db)
    newer.exec('PRAGMA user_version = 4')
    newer.close()
    expect(() => withHistory(db, reportOf([], 'v3'))).toThrow(/newer report \(version 4; this one reads 3\)/)
  })

  it('reads a version 2 database (an index of every row by check) by moving its rows into version 3', async () => {
    await mkdir(path.dirname(db), { recursive: true })
    const v2 = new DatabaseSync(db)
    v2.exec(`
      CREATE TABLE runs (id INTEGER PRIMARY KEY, generated_at TEXT NOT NULL, repo TEXT, tag TEXT, version TEXT, status TEXT NOT NULL);
      CREATE TABLE check_keys (id INTEGER PRIMARY KEY, leg TEXT NOT NULL, check_id TEXT NOT NULL, UNIQUE (leg, check_id));
      CREATE TABLE results (run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        key INTEGER NOT NULL REFERENCES check_keys(id), status TEXT NOT NULL, duration_ms REAL NOT NULL,
        attempts INTEGER, flaky INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (run_id, key)) WITHOUT ROWID;
      CREATE INDEX results_by_key ON results (key, run_id);
      CREATE INDEX results_not_passed ON results (run_id, key) WHERE status <> 'pass';
      INSERT INTO runs VALUES (1, '2026-11-01T00:00:00.000Z', 'acme/app', 'v1', '1', 'fail');
      INSERT INTO check_keys VALUES (1, 'platform-smoke@linux-x64', 'a'), (2, 'platform-smoke@linux-x64', 'b');
      INSERT INTO results VALUES (1, 1, 'pass', 12, NULL, 0), (1, 2, 'fail', 12, NULL, 0);
      PRAGMA user_version = 2;
    `)
    v2.close()
    const t = withHistory(db, reportOf([check('a', 'fail'), check('b', 'pass')], 'v2'))
      .trend as unknown as Trends
    expect(t.since).toMatchObject({ tag: 'v1', release: true })
    expect(t.newlyFailing.map((c) => c.id)).toEqual(['a'])
    expect(t.newlyFixed.map((c) => c.id)).toEqual(['b'])
    expect(t.unstable.map((u) => `${u.id} ${u.passed}/${u.runs}`).sort()).toEqual(['a 1/2', 'b 1/2'])
    const after = new DatabaseSync(db, { readOnly: true })
    const names = (type: string) =>
      after
        .prepare('SELECT name FROM sqlite_master WHERE type = ? AND name NOT LIKE ? ORDER BY name')
        .all(type, 'sqlite_%')
        .map((r) => (r as { name: string }).name)
    expect(names('table')).toEqual(['check_keys', 'results', 'runs'])
    expect(names('index')).toEqual(['results_not_passed'])
    expect(after.prepare('SELECT COUNT(*) AS n FROM results').get()).toEqual({ n: 4 })
    expect(after.prepare('PRAGMA user_version').get()).toEqual({ user_version: 3 })
    after.close()
  })

  it('counts pass rates over the runs a check ran in, for checks that flip and checks that come and go', () => {
    const l = (checks: Check[]) => reportOf(checks, 'v1')
    withHistory(db, l([check('always', 'fail'), check('flips', 'fail'), check('comes', 'pass')]))
    withHistory(db, l([check('always', 'skip'), check('flips', 'pass')]))
    withHistory(db, l([check('always', 'warn'), check('flips', 'fail'), check('comes', 'pass')]))
    const t = withHistory(db, l([check('always', 'fail'), check('flips', 'pass'), check('comes', 'error')]))
      .trend as unknown as Trends
    expect(t.runs).toBe(4)
    expect(t.unstable.map((u) => `${u.id} ${u.passed}/${u.runs}`).sort()).toEqual([
      'always 0/4',
      'comes 2/3',
      'flips 2/4',
    ])
    // A window of 2 runs: only the last two count (comes passed in the third, erred in the fourth).
    const h = openHistory(db)
    try {
      const last = computeTrends(h, 4, 2)
      expect(last.unstable.map((u) => `${u.id} ${u.passed}/${u.runs}`).sort()).toEqual([
        'always 0/2',
        'comes 1/2',
        'flips 1/2',
      ])
    } finally {
      h.close()
    }
  })

  it('records check ids with quotes, backslashes, newlines and non-Latin characters as they are', () => {
    const ids = ['say "hi"', 'back\\slash', 'two\nlines', 'ünï ☃ 𝄞', "it's", '[1,2]']
    withHistory(
      db,
      reportOf(
        ids.map((id) => check(id, 'pass')),
        'v1',
      ),
    )
    const t = withHistory(
      db,
      reportOf(
        ids.map((id) => check(id, 'fail')),
        'v2',
      ),
    ).trend as unknown as Trends
    expect(t.newlyFailing.map((c) => c.id).sort()).toEqual([...ids].sort())
    const h = openHistory(db)
    try {
      expect(h.prepare('SELECT COUNT(*) AS n FROM check_keys').get()).toEqual({ n: ids.length })
    } finally {
      h.close()
    }
  })

  it(`keeps the last ${KEEP_RUNS} runs, so the cached file stops growing`, () => {
    const file = path.join(root, 'keep.sqlite')
    const h = openHistory(file)
    try {
      for (let i = 0; i < KEEP_RUNS + 5; i++) {
        recordRun(h, reportOf([check(i < 3 ? `gone-${i}` : 'kept', 'pass')], `v${i}`))
      }
      const count = (sql: string) => (h.prepare(sql).get() as { n: number }).n
      expect(count('SELECT COUNT(*) AS n FROM runs')).toBe(KEEP_RUNS)
      expect(count('SELECT MIN(id) AS n FROM runs')).toBe(6)
      expect(count('SELECT COUNT(*) AS n FROM results')).toBe(KEEP_RUNS)
      // The keys only the dropped runs named are gone too.
      expect(count("SELECT COUNT(*) AS n FROM check_keys WHERE check_id LIKE 'gone-%'")).toBe(0)
      expect(count("SELECT COUNT(*) AS n FROM check_keys WHERE check_id = 'kept'")).toBe(1)
    } finally {
      h.close()
    }
  })

  it('a history that cannot be written is a warning, and the report is still written', async () => {
    const dir = path.join(root, 'in')
    await writeLegs(dir, [leg('platform-smoke', 'linux-x64', [check('a', 'pass')])])
    const spec = makeReportSpec({ env: {} })
    const execution = await executeSuite(spec, {
      raw: {
        results: dir,
        history: root,
        'out-dir': path.join(root, 'out'),
        'results-dir': path.join(root, 'own'),
      },
      style: 'cli',
      sink: () => {},
      env: {},
    })
    expect(execution.exitCode).toBe(0)
    expect(execution.result.checks.find((c) => c.id === 'history')?.status).toBe('warn')
    expect(spec.last.written?.every((w) => !w.error)).toBe(true)
  })
})
