import { mkdirSync } from 'node:fs'
import path from 'node:path'
// node:sqlite: built into Node 24 and usable without a flag or a warning (checked on 24.21: no
// --experimental-sqlite, no ExperimentalWarning). No native addon to build per platform
// (better-sqlite3) and no 1 MB of wasm held in memory and written back whole (sql.js).
import { DatabaseSync } from 'node:sqlite'
import type { Report } from '@postflight/core'

/**
 * Version 2: a check's leg and id are stored once (check_keys) and each run's rows name them by
 * number. Version 1 kept both strings in every row and in two indexes: ~170 bytes a row, 17 MB a
 * run of 100,000 checks, and the whole file goes into a cache entry on every run.
 */
const VERSION = 2

const SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY,
  generated_at TEXT NOT NULL,
  repo TEXT, tag TEXT, version TEXT,
  status TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS check_keys (
  id INTEGER PRIMARY KEY,
  leg TEXT NOT NULL,
  check_id TEXT NOT NULL,
  UNIQUE (leg, check_id)
);
CREATE TABLE IF NOT EXISTS results (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  key INTEGER NOT NULL REFERENCES check_keys(id),
  status TEXT NOT NULL,
  duration_ms REAL NOT NULL,
  attempts INTEGER,
  flaky INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (run_id, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS results_by_key ON results (key, run_id);
CREATE INDEX IF NOT EXISTS results_not_passed ON results (run_id, key) WHERE status <> 'pass';
`

/** Version 1's rows, moved into version 2's tables. */
const FROM_V1 = `
INSERT OR IGNORE INTO check_keys (leg, check_id) SELECT DISTINCT leg, check_id FROM checks;
INSERT OR IGNORE INTO results (run_id, key, status, duration_ms, attempts, flaky)
  SELECT c.run_id, k.id, c.status, c.duration_ms, c.attempts, c.flaky
  FROM checks c JOIN check_keys k ON k.leg = c.leg AND k.check_id = c.check_id;
DROP TABLE checks;
`

/**
 * Runs kept: the database goes whole into a cache entry on every run, so it cannot grow forever.
 * 200 runs is far more than the trends' window (10) and reaches back past most previous releases.
 */
export const KEEP_RUNS = 200

/** Opens (creating when new, upgrading when older) the history database at `file`. */
export function openHistory(file: string): DatabaseSync {
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  const db = new DatabaseSync(file)
  // WAL keeps a crash from leaving a half-written run; the whole run is one transaction anyway.
  db.exec('PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;')
  const { user_version: version } = db.prepare('PRAGMA user_version').get() as { user_version: number }
  if (version > VERSION) {
    db.close()
    throw new Error(
      `${file} is a history database of a newer report (version ${version}; this one reads ${VERSION}): update the report action, or give another history path`,
    )
  }
  if (version < VERSION) {
    const hasV1 = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'checks'").get()
    db.exec('BEGIN')
    try {
      db.exec(SCHEMA)
      if (hasV1) db.exec(FROM_V1)
      db.exec(`PRAGMA user_version = ${VERSION}`)
      db.exec('COMMIT')
    } catch (err) {
      db.exec('ROLLBACK')
      db.close()
      throw err
    }
  }
  return db
}

/** The key a check is compared by across runs: its leg and its stable id. */
export function legKey(suite: string, label: string): string {
  return `${suite}@${label}`
}

/** Records one run, one row per check, in one transaction; returns the run's id. */
export function recordRun(db: DatabaseSync, report: Report): number {
  const insertRun = db.prepare(
    'INSERT INTO runs (generated_at, repo, tag, version, status) VALUES (?, ?, ?, ?, ?)',
  )
  const insertKey = db.prepare('INSERT INTO check_keys (leg, check_id) VALUES (?, ?)')
  const insertResult = db.prepare(
    // A check twice in one leg (the leg reported twice: the report warns of it) is recorded once.
    'INSERT OR IGNORE INTO results (run_id, key, status, duration_ms, attempts, flaky) VALUES (?, ?, ?, ?, ?, ?)',
  )
  const findKey = db.prepare('SELECT id FROM check_keys WHERE leg = ? AND check_id = ?')
  const keyOf = (leg: string, id: string): number => {
    const found = findKey.get(leg, id) as { id: number } | undefined
    return found ? found.id : Number(insertKey.run(leg, id).lastInsertRowid)
  }
  db.exec('BEGIN')
  try {
    const r = report.release
    const runId = Number(
      insertRun.run(report.generatedAt, r.repo ?? null, r.tag ?? null, r.version ?? null, report.status)
        .lastInsertRowid,
    )
    for (const s of report.suites) {
      const leg = legKey(s.suite, s.leg.label)
      for (const c of s.checks) {
        insertResult.run(runId, keyOf(leg, c.id), c.status, c.durationMs, c.attempts ?? null, c.flaky ? 1 : 0)
      }
    }
    prune(db, runId)
    db.exec('COMMIT')
    return runId
  } catch (err) {
    db.exec('ROLLBACK')
    throw err
  }
}

/** Drops the runs past KEEP_RUNS (their rows go with them) and the check keys no run names any more. */
function prune(db: DatabaseSync, runId: number): void {
  const { changes } = db.prepare('DELETE FROM runs WHERE id <= ?').run(runId - KEEP_RUNS)
  if (Number(changes) > 0) {
    db.exec(
      'DELETE FROM check_keys WHERE NOT EXISTS (SELECT 1 FROM results WHERE results.key = check_keys.id)',
    )
  }
}
