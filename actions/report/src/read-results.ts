import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { deriveStatus, describeError, SCHEMA_VERSION, SuiteResult } from '@postflight/core'

const [CURRENT_MAJOR, CURRENT_MINOR] = SCHEMA_VERSION.split('.').map(Number) as [number, number]

/**
 * Readers of earlier major schema versions: each turns an old document into the current shape, so
 * a newer report can merge legs from older actions. There is only v1 so far; when v2 comes, v1's
 * upgrader goes here (`1: (doc) => ({ ...doc, schemaVersion: '2.0.0', … })`).
 */
export const UPGRADERS: Record<number, (doc: Record<string, unknown>) => unknown> = {}

/** A leg as the report sees it: a valid result, or the file it could not read. */
export type LegRead =
  | { ok: true; file: string; result: SuiteResult }
  | { ok: false; file: string; error: string }

/**
 * A leg's results are a few hundred kilobytes even with thousands of checks; a file far past that is
 * not one, and is not read into memory.
 */
export const MAX_RESULTS_BYTES = 64 * 1024 * 1024

/** Reads and validates one results file; never throws (a bad file is an `error` leg, never dropped). */
export async function readLeg(file: string, maxBytes = MAX_RESULTS_BYTES): Promise<LegRead> {
  let doc: unknown
  try {
    const { size } = await stat(file)
    if (size > maxBytes) {
      return { ok: false, file, error: `${size} bytes, more than the ${maxBytes} a results file may have` }
    }
    doc = JSON.parse(await readFile(file, 'utf8'))
  } catch (err) {
    return { ok: false, file, error: `not a readable JSON results file: ${describeError(err)}` }
  }
  const version = (doc as { schemaVersion?: unknown } | null)?.schemaVersion
  const major = typeof version === 'string' ? Number(version.split('.')[0]) : Number.NaN
  try {
    let result: SuiteResult
    // Validated here rather than with core's readResultsFile, which reads and parses the file
    // again: with 500 legs that doubled the report's time and memory. The message is the same shape.
    if (major === CURRENT_MAJOR && Number(String(version).split('.')[1]) > CURRENT_MINOR) {
      // A newer minor only adds fields (the major changes when a reader would break): an action
      // released after this report writes them, and the report reads what it knows.
      result = validate(withoutUnknownKeys(doc))
    } else if (major === CURRENT_MAJOR || Number.isNaN(major)) result = validate(doc)
    else {
      const upgrade = UPGRADERS[major]
      if (!upgrade) {
        return {
          ok: false,
          file,
          error: `schema version ${String(version)} is not readable by this report (reads ${[CURRENT_MAJOR, ...Object.keys(UPGRADERS)].join(', ')}.x); update the report action`,
        }
      }
      result = validate(upgrade(doc as Record<string, unknown>))
    }
    // Derived, never trusted: a file cannot claim a better status than its checks support.
    return { ok: true, file, result: { ...result, status: deriveStatus(result.checks, result.partial) } }
  } catch (err) {
    return { ok: false, file, error: describeError(err) }
  }
}

/** `doc` without the keys the current schema does not know, wherever they are. */
function withoutUnknownKeys(doc: unknown): unknown {
  const copy = structuredClone(doc)
  // Each pass drops what the schema reports; a key inside a dropped one is gone with it.
  for (let pass = 0; pass < 10; pass++) {
    const parsed = SuiteResult.safeParse(copy)
    const unknown = parsed.success ? [] : parsed.error.issues.filter((i) => i.code === 'unrecognized_keys')
    if (unknown.length === 0) break
    for (const issue of unknown) {
      const at = issue.path.reduce<unknown>((o, k) => (o as Record<PropertyKey, unknown>)?.[k], copy)
      for (const key of issue.keys) delete (at as Record<string, unknown>)[key]
    }
  }
  return copy
}

function validate(doc: unknown): SuiteResult {
  const parsed = SuiteResult.safeParse(doc)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  throw new Error(
    `invalid results file at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'unknown error'}`,
  )
}

/** The leg a broken file stands for, named after the file so the reader knows which one to look at. */
export function errorLeg(read: Extract<LegRead, { ok: false }>, now: Date): SuiteResult {
  const name = path.basename(read.file).replace(/\.json$/i, '')
  const [suite, label] = name.includes('--') ? name.split('--', 2) : [name, 'unknown']
  const at = now.toISOString()
  return {
    schemaVersion: SCHEMA_VERSION,
    suite: suite || name,
    leg: { os: 'unknown', arch: 'unknown', runner: 'unknown', label: label || 'unknown' },
    release: {},
    startedAt: at,
    finishedAt: at,
    status: 'error',
    partial: true,
    checks: [
      {
        id: `results-file:${path.basename(read.file)}`,
        title: 'The results file is valid',
        status: 'error',
        durationMs: 0,
        message: `${read.file}: ${read.error}`,
        evidence: { file: read.file },
      },
    ],
  }
}
