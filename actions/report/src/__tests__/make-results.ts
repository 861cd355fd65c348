// Builds results files for the report's tests and bench: real SuiteResults, valid against the schema.
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import {
  type Check,
  type CheckStatus,
  deriveStatus,
  resultsFileName,
  SCHEMA_VERSION,
  type SuiteResult,
} from '@postflight/core'

export function check(id: string, status: CheckStatus, extra: Partial<Check> = {}): Check {
  return { id, title: `Check ${id}`, status, durationMs: 12, message: `${id} is ${status}`, ...extra }
}

export function leg(
  suite: string,
  label: string,
  checks: Check[],
  extra: Partial<SuiteResult> = {},
): SuiteResult {
  const [os = 'linux', arch = 'x64'] = label.split('-')
  const partial = extra.partial ?? false
  return {
    schemaVersion: SCHEMA_VERSION,
    suite,
    leg: { os, arch, runner: `runner-${label}`, label },
    release: { repo: 'acme/app', tag: 'v1.2.3', version: '1.2.3' },
    startedAt: '2026-11-26T10:00:00.000Z',
    finishedAt: '2026-11-26T10:00:42.000Z',
    status: deriveStatus(checks, partial),
    partial,
    checks,
    ...extra,
  }
}

export async function writeLegs(dir: string, legs: readonly SuiteResult[]): Promise<string[]> {
  await mkdir(dir, { recursive: true })
  const files: string[] = []
  for (const s of legs) {
    const file = path.join(dir, resultsFileName(s))
    await writeFile(file, JSON.stringify(s))
    files.push(file)
  }
  return files
}

/** A leg of `n` checks with a mix of every status, locations on the failures and warnings. */
export function bigLeg(suite: string, label: string, n: number): SuiteResult {
  const statuses: CheckStatus[] = [
    'pass',
    'pass',
    'pass',
    'pass',
    'pass',
    'pass',
    'warn',
    'fail',
    'skip',
    'pass',
  ]
  const checks = Array.from({ length: n }, (_, i) => {
    const status = statuses[i % statuses.length] as CheckStatus
    return check(`check:${suite}:${i}`, status, {
      message: `check ${i} of ${label}: ${status} — output <b>line</b> & more`,
      ...(status === 'fail' || status === 'warn'
        ? { location: { path: `src/file-${i}.ts`, line: i + 1 }, evidence: { expected: 'a', found: 'b' } }
        : {}),
    })
  })
  return leg(suite, label, checks)
}
