import { mkdirSync } from 'node:fs'
import path from 'node:path'
// node:sqlite: built into Node 24 and usable without a flag or a warning (checked on 24.21: no
// --experimental-sqlite, no ExperimentalWarning). No native addon to build per platform
// (better-sqlite3) and no 1 MB of wasm held in memory and written back whole (sql.js).
import { DatabaseSync } from 'node:sqlite'
import type { Report } from '@postflight/core'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY,
  generated_at TEXT NOT NULL,
  repo TEXT, tag TEXT, version TEXT,
  status TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS checks (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  leg TEXT NOT NULL,
  check_id TEXT NOT NULL,
  status TEXT NOT NULL,
  duration_ms REAL NOT NULL,
  attempts INTEGER,
  flaky INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS checks_by_key ON checks (leg, check_id, run_id);
CREATE INDEX IF NOT EXISTS checks_by_run ON checks (run_id);
`

/** Opens (creating when new) the history database at `file`. */
export function openHistory(file: string): DatabaseSync {
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  const db = new DatabaseSync(file)
  // WAL keeps a crash from leaving a half-written run; the whole run is one transaction anyway.
  db.exec('PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;')
  db.exec(SCHEMA)
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
  const insertCheck = db.prepare(
    'INSERT INTO checks (run_id, leg, check_id, status, duration_ms, attempts, flaky) VALUES (?, ?, ?, ?, ?, ?, ?)',
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
      for (const c of s.checks) {
        insertCheck.run(runId, leg, c.id, c.status, c.durationMs, c.attempts ?? null, c.flaky ? 1 : 0)
      }
    }
    db.exec('COMMIT')
    return runId
  } catch (err) {
    db.exec('ROLLBACK')
    throw err
  }
}
