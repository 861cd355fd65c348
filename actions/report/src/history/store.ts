import { mkdirSync } from 'node:fs'
import path from 'node:path'
// node:sqlite: built into Node 24 and usable without a flag or a warning (checked on 24.21: no
// --experimental-sqlite, no ExperimentalWarning). No native addon to build per platform
// (better-sqlite3) and no 1 MB of wasm held in memory and written back whole (sql.js).
import { DatabaseSync } from 'node:sqlite'
import type { Report } from '@postflight/core'

/**
 * Version 3: a check's leg and id are stored once (check_keys) and each run's rows name them by
 * number (version 2 did too: version 1 kept both strings in every row, ~170 bytes a row). Version
 * 3 drops version 2's index of every row by check (key, run_id): a run's rows went into it once
 * per check, each beside that check's rows of earlier runs, so every run rewrote pages all over an
 * index as large as the history (at 50 runs of 100,000 checks, ~0.4 s of the record). The trends
 * read a check's rows by (run, check) instead, through the primary key, for the runs of their
 * window only. For the same reason results.key has no foreign key: deleting a check key would
 * need that index to look for rows still naming it (the prune checks it itself).
 */
const VERSION = 3

const RESULTS = `
CREATE TABLE IF NOT EXISTS results (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  key INTEGER NOT NULL,
  status TEXT NOT NULL,
  duration_ms REAL NOT NULL,
  attempts INTEGER,
  flaky INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (run_id, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS results_not_passed ON results (run_id, key) WHERE status <> 'pass';
`

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
${RESULTS}`

/** Version 2's rows, moved into a results table without the by-check index and foreign key. */
const FROM_V2 = `
ALTER TABLE results RENAME TO results_v2;
DROP INDEX IF EXISTS results_by_key;
DROP INDEX IF EXISTS results_not_passed;
${RESULTS}
INSERT INTO results SELECT run_id, key, status, duration_ms, attempts, flaky FROM results_v2;
DROP TABLE results_v2;
`

/** Version 1's rows, moved into version 3's tables. */
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
  // synchronous NORMAL: in WAL mode a power loss can lose the last run but never corrupts the
  // file, and the commit does not wait for the disk (the file is read back or saved to the cache
  // by this same process, from the operating system's copy).
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;')
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
      if (version === 2) db.exec(FROM_V2)
      else {
        db.exec(SCHEMA)
        if (hasV1) db.exec(FROM_V1)
      }
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

/**
 * Records one run in one transaction; returns the run's id. Each leg's checks go to SQLite as one
 * JSON array, and SQLite itself finds or adds each check's key and writes its row: from JS, one
 * statement to look a key up and one to insert a row cost ~5 µs a check in bindings and result
 * objects, two thirds of the history's time with 100,000 checks (~0.45 s against ~0.1 s).
 */
export function recordRun(db: DatabaseSync, report: Report): number {
  const insertRun = db.prepare(
    'INSERT INTO runs (generated_at, repo, tag, version, status) VALUES (?, ?, ?, ?, ?)',
  )
  // The leg's checks as [id, status, durationMs, attempts, flaky] (?2: the leg, ?3: the JSON).
  const insertKeys = db.prepare(
    'INSERT OR IGNORE INTO check_keys (leg, check_id) SELECT ?2, value ->> 0 FROM json_each(?3)',
  )
  // CROSS JOIN keeps the array outermost, so each check is one lookup in the (leg, check_id) index.
  // A check twice in one leg (the leg reported twice: the report warns of it) is recorded once.
  const insertResults = db.prepare(
    `INSERT OR IGNORE INTO results (run_id, key, status, duration_ms, attempts, flaky)
     SELECT ?1, k.id, c.value ->> 1, c.value ->> 2, c.value ->> 3, c.value ->> 4
     FROM json_each(?3) AS c CROSS JOIN check_keys AS k ON k.leg = ?2 AND k.check_id = c.value ->> 0`,
  )
  db.exec('BEGIN')
  try {
    const r = report.release
    const runId = Number(
      insertRun.run(report.generatedAt, r.repo ?? null, r.tag ?? null, r.version ?? null, report.status)
        .lastInsertRowid,
    )
    for (const s of report.suites) {
      const leg = legKey(s.suite, s.leg.label)
      const checks = JSON.stringify(
        s.checks.map((c) => [c.id, c.status, c.durationMs, c.attempts ?? null, c.flaky ? 1 : 0]),
      )
      // Keys are added only when some check has none yet: on most runs every check has one, and
      // asking for them first would be a second lookup of each.
      if (Number(insertResults.run(runId, leg, checks).changes) < s.checks.length) {
        insertKeys.run(runId, leg, checks)
        insertResults.run(runId, leg, checks)
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

/**
 * Drops the runs past KEEP_RUNS (their rows go with them) and the check keys no kept run names any
 * more: of the keys the dropped runs named, those no kept run has a row for, looked up run by run
 * through the primary key (most are found in the first kept run).
 */
function prune(db: DatabaseSync, runId: number): void {
  const last = runId - KEEP_RUNS
  if (!db.prepare('SELECT 1 FROM runs WHERE id <= ?').get(last)) return
  db.prepare(
    `DELETE FROM check_keys WHERE id IN (
       SELECT DISTINCT d.key FROM results AS d WHERE d.run_id <= ?1
       AND NOT EXISTS (
         SELECT 1 FROM runs AS w CROSS JOIN results AS r ON r.run_id = w.id AND r.key = d.key
         WHERE w.id > ?1))`,
  ).run(last)
  db.prepare('DELETE FROM runs WHERE id <= ?').run(last)
}
