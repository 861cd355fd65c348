import type { DatabaseSync } from 'node:sqlite'

export interface CheckRef {
  leg: string
  id: string
}

export interface DurationRegression extends CheckRef {
  ms: number
  medianMs: number
}

export interface PassRate extends CheckRef {
  passed: number
  runs: number
}

/** A recorded run, as the trends name it. */
export interface RunRef {
  generatedAt: string
  tag?: string
  status: string
}

/** What the history says about this run against the ones before it. */
export interface Trends {
  /** Runs compared, this one included (at most `window`). */
  runs: number
  /** The run just before this one: what `fail-on: regression` compares with. */
  previous?: RunRef
  /**
   * What newlyFailing and newlyFixed compare with: the latest run of the previous release (another
   * tag), else, when no earlier run has another tag (or this run has none), the previous run.
   */
  since?: RunRef & { release: boolean }
  /** Passed in the `since` run, fail or error now. */
  newlyFailing: CheckRef[]
  /** Failed or errored in the `since` run, pass now. */
  newlyFixed: CheckRef[]
  /**
   * Passed in the previous run, fail or error now: what `fail-on: regression` fails on. The same
   * as newlyFailing unless the previous run was of this same release (a re-run, a nightly check).
   */
  regressed: CheckRef[]
  /** Passed this run only after retries (attempts > 1) or marked flaky. */
  flaky: CheckRef[]
  /** At least twice the median of the earlier runs in the window, and 100 ms slower. */
  durationRegressions: DurationRegression[]
  /** Checks that did not pass in every run of the window (all the others did). */
  unstable: PassRate[]
}

/**
 * A duration regression is at least this much slower than the median (and twice it): so a check
 * under it now cannot be one, and its earlier durations are never read.
 */
const MIN_SLOWER_MS = 100

/** Compares run `runId` with the runs before it, over the last `window` runs. */
export function computeTrends(db: DatabaseSync, runId: number, window = 10): Trends {
  const ids = (
    db.prepare('SELECT id FROM runs WHERE id <= ? ORDER BY id DESC LIMIT ?').all(runId, window) as {
      id: number
    }[]
  ).map((r) => r.id)
  const oldest = ids[ids.length - 1] ?? runId
  const prevId = ids[1]
  const trends: Trends = {
    runs: ids.length,
    newlyFailing: [],
    newlyFixed: [],
    regressed: [],
    flaky: [],
    durationRegressions: [],
    unstable: [],
  }
  if (prevId !== undefined) {
    trends.previous = runRef(db, prevId)
    const sincePrevious = changes(db, prevId, runId)
    trends.regressed = sincePrevious.failing
    const tag = (db.prepare('SELECT tag FROM runs WHERE id = ?').get(runId) as { tag: string | null }).tag
    // Not limited to the window: the previous release may be further back than the last N runs.
    const release = tag
      ? (
          db
            .prepare(
              'SELECT id FROM runs WHERE id < ? AND tag IS NOT NULL AND tag <> ? ORDER BY id DESC LIMIT 1',
            )
            .get(runId, tag) as { id: number } | undefined
        )?.id
      : undefined
    const sinceId = release ?? prevId
    trends.since = { ...runRef(db, sinceId), release: release !== undefined }
    const since = sinceId === prevId ? sincePrevious : changes(db, sinceId, runId)
    trends.newlyFailing = since.failing
    trends.newlyFixed = since.fixed
  }
  trends.flaky = (
    db
      .prepare(
        `SELECT k.leg, k.check_id FROM results r JOIN check_keys k ON k.id = r.key
         WHERE r.run_id = ? AND r.status = 'pass' AND (r.attempts > 1 OR r.flaky = 1)`,
      )
      .all(runId) as { leg: string; check_id: string }[]
  ).map((r) => ({ leg: r.leg, id: r.check_id }))
  // Only the checks that missed a pass in the window are counted, from the partial index of the
  // rows that are not a pass, not every row of every run in it: with 100,000 checks a run, a
  // window of 10 is a million rows, most of them passes. A check that missed in every run of the
  // window ran in all of them and passed in none; only the others (the ones that flip) have their
  // rows read, run by run of the window through the primary key (run, check).
  const stats = db.prepare(
    `WITH missed AS (
       SELECT key, COUNT(*) AS missed FROM results
       WHERE run_id BETWEEN ?1 AND ?2 AND status <> 'pass' GROUP BY key)
     SELECT k.leg, k.check_id, m.missed, CASE WHEN m.missed >= ?3 THEN m.missed ELSE (
       SELECT COUNT(*) FROM runs AS w CROSS JOIN results AS r ON r.run_id = w.id AND r.key = m.key
       WHERE w.id BETWEEN ?1 AND ?2) END AS runs
     FROM missed AS m JOIN check_keys AS k ON k.id = m.key`,
  )
  // Rows as arrays, read one at a time, and each leg's name one string: tens of thousands of
  // checks can be listed, and the report keeps the list until every format is written.
  stats.setReturnArrays(true)
  const legs = new Map<string, string>()
  for (const row of stats.iterate(oldest, runId, ids.length)) {
    const [leg, id, missed, runs] = row as unknown as [string, string, number, number]
    if (!legs.has(leg)) legs.set(leg, leg)
    trends.unstable.push({ leg: legs.get(leg) as string, id, passed: runs - missed, runs })
  }
  if (ids.length > 1) trends.durationRegressions = durationRegressions(db, runId, oldest)
  return trends
}

function runRef(db: DatabaseSync, id: number): RunRef {
  const r = db.prepare('SELECT generated_at, tag, status FROM runs WHERE id = ?').get(id) as {
    generated_at: string
    tag: string | null
    status: string
  }
  return { generatedAt: r.generated_at, status: r.status, ...(r.tag ? { tag: r.tag } : {}) }
}

/**
 * The checks of run `to` that went from pass to fail or error since run `from`, and back. Each
 * side starts from the rows that are not a pass (the partial index), not from every row of a run.
 */
function changes(db: DatabaseSync, from: number, to: number): { failing: CheckRef[]; fixed: CheckRef[] } {
  const pairs = (bad: number, good: number): CheckRef[] =>
    (
      db
        .prepare(
          `SELECT k.leg, k.check_id FROM results b
           JOIN results g ON g.run_id = ? AND g.key = b.key AND g.status = 'pass'
           JOIN check_keys k ON k.id = b.key
           WHERE b.run_id = ? AND b.status <> 'pass' AND b.status IN ('fail', 'error')`,
        )
        .all(good, bad) as { leg: string; check_id: string }[]
    ).map((r) => ({ leg: r.leg, id: r.check_id }))
  return { failing: pairs(to, from), fixed: pairs(from, to) }
}

function durationRegressions(db: DatabaseSync, runId: number, oldest: number): DurationRegression[] {
  // The earlier rows of each slow enough check, run by run of the window through the primary key.
  const rows = db
    .prepare(
      `SELECT k.leg, k.check_id, cur.duration_ms AS ms, GROUP_CONCAT(old.duration_ms) AS earlier
       FROM results AS cur CROSS JOIN runs AS w CROSS JOIN results AS old ON old.run_id = w.id AND old.key = cur.key
       JOIN check_keys AS k ON k.id = cur.key
       WHERE cur.run_id = ?2 AND cur.duration_ms >= ${MIN_SLOWER_MS} AND w.id >= ?1 AND w.id < ?2
       GROUP BY cur.key`,
    )
    .all(oldest, runId) as { leg: string; check_id: string; ms: number; earlier: string }[]
  const out: DurationRegression[] = []
  for (const r of rows) {
    const medianMs = median(r.earlier.split(',').map(Number))
    if (r.ms >= 2 * medianMs && r.ms - medianMs >= MIN_SLOWER_MS)
      out.push({ leg: r.leg, id: r.check_id, ms: r.ms, medianMs })
  }
  return out
}

function median(values: number[]): number {
  const sorted = values.sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

/** The `leg id` keys of the regressions, as the engine's fail-on regression looks them up. */
export function regressionKeys(trends: Trends): Set<string> {
  return new Set(trends.regressed.map((r) => `${r.leg} ${r.id}`))
}
