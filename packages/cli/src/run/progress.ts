import { clearLine, moveCursor } from 'node:readline'
import type { CheckStatus, LogRecord, LogSink, Progress } from '@postflight/core'
import { consoleSink } from '@postflight/core'

/** How one leg stands, for the progress display. */
export interface LegRow {
  name: string
  state: 'waiting' | 'running' | 'done' | 'not run'
  status?: CheckStatus
  startedAt?: number
  durationMs?: number
  reason?: string
  /** What the running suite says it is doing (`hash 45% of 266 MB`). */
  detail?: string
}

const WORD: Record<CheckStatus, string> = {
  pass: 'passed',
  fail: 'FAILED',
  warn: 'passed with warnings',
  skip: 'made no checks',
  error: 'ERROR (could not finish)',
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`
}

/** The text of one row: the same words on a TTY and in CI logs. */
export function rowText(row: LegRow, now = Date.now()): string {
  const name = row.name.padEnd(32)
  if (row.state === 'not run') return `  -  ${name} not run: ${row.reason ?? ''}`
  if (row.state === 'waiting') return `  ·  ${name} waiting`
  if (row.state === 'running')
    return `  …  ${name} running ${seconds(now - (row.startedAt ?? now))}${row.detail ? ` · ${row.detail}` : ''}`
  const mark = row.status === 'pass' || row.status === 'skip' ? '✓' : row.status === 'warn' ? '!' : '✗'
  return `  ${mark}  ${name} ${WORD[row.status ?? 'error']} in ${seconds(row.durationMs ?? 0)}`
}

/** A suite's progress report as a few words: `hash 45% of 266 MB`, `download 3/7`. */
export function progressText(p: Progress): string {
  const size = (n: number): string =>
    p.unit === 'bytes' ? (n >= 1e6 ? `${(n / 1e6).toFixed(0)} MB` : `${(n / 1e3).toFixed(0)} kB`) : String(n)
  if (p.total && p.total > 0) return `${p.label} ${Math.floor((100 * p.done) / p.total)}% of ${size(p.total)}`
  return `${p.label} ${size(p.done)}`
}

export interface Display {
  rows: LegRow[]
  /** Redraws (TTY) or prints the row's new state (plain). */
  update(row: LegRow): void
  /** Where the suites' logs go. */
  sink: LogSink
  close(): void
}

/**
 * Plain lines for CI logs and pipes: one line when a leg starts and one when it ends, and the
 * suites' logs in between as they come.
 */
export function plainDisplay(
  rows: LegRow[],
  stream: NodeJS.WritableStream,
  format: 'human' | 'json',
): Display {
  for (const r of rows) if (r.state === 'not run') stream.write(`${rowText(r)}\n`)
  return {
    rows,
    update: (row) => stream.write(`${rowText(row)}\n`),
    sink: consoleSink(format, stream),
    close: () => undefined,
  }
}

/**
 * On a terminal: one line per leg, redrawn in place (running… with a clock, then its verdict).
 * Info logs are held back, warnings and errors print above the block. Hand-written on node:readline's
 * cursor moves: the block is a dozen lines and needs no more than this.
 */
export function ttyDisplay(rows: LegRow[], stream: NodeJS.WritableStream & { columns?: number }): Display {
  let drawn = 0
  const draw = (): void => {
    if (drawn > 0) moveCursor(stream, 0, -drawn)
    // A pty that reports no size (script, some CI shells) says 0 columns.
    const width = Math.max(20, (stream.columns || 100) - 1)
    for (const r of rows) {
      clearLine(stream, 0)
      stream.write(`${rowText(r).slice(0, width)}\n`)
    }
    drawn = rows.length
  }
  const above = (text: string): void => {
    if (drawn > 0) moveCursor(stream, 0, -drawn)
    for (let i = 0; i < drawn; i++) {
      clearLine(stream, 0)
      stream.write('\n')
    }
    if (drawn > 0) moveCursor(stream, 0, -drawn)
    drawn = 0
    stream.write(text)
    draw()
  }
  const timer = setInterval(draw, 200)
  timer.unref()
  draw()
  return {
    rows,
    update: () => draw(),
    sink: (record: LogRecord) => {
      if (record.level === 'warn' || record.level === 'error')
        above(`${record.level}: ${record.group ? `[${record.group}] ` : ''}${record.message}\n`)
    },
    close: () => {
      clearInterval(timer)
      draw()
    },
  }
}
