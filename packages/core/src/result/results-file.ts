import { mkdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { PostflightError } from '../errors.ts'
import { writeJsonAtomic } from '../fs/index.ts'
import type { SecretRegistry } from '../log/secrets.ts'
import { SuiteResult } from './model.ts'
import { deriveStatus } from './status.ts'

/** File name of a suite's results: one per suite and leg, so legs never overwrite each other. */
export function resultsFileName(result: Pick<SuiteResult, 'suite' | 'leg'>): string {
  const safe = (s: string): string => s.replace(/[^A-Za-z0-9._-]+/g, '_')
  return `${safe(result.suite)}--${safe(result.leg.label)}.json`
}

/**
 * Validates and writes a results file atomically, with every registered secret redacted. The
 * status is recomputed from the checks, so no caller can store a status its checks do not support.
 */
export async function writeResultsFile(
  dir: string,
  result: SuiteResult,
  secrets?: SecretRegistry,
): Promise<{ file: string; result: SuiteResult }> {
  const consistent: SuiteResult = { ...result, status: deriveStatus(result.checks, result.partial) }
  const redacted = secrets ? secrets.redactDeep(consistent) : consistent
  const valid = SuiteResult.parse(redacted)
  const file = path.resolve(dir, resultsFileName(valid))
  await mkdir(path.dirname(file), { recursive: true })
  await writeJsonAtomic(file, valid)
  return { file, result: valid }
}

/** Reads and validates a results file; the error names the file and the first invalid field. */
export async function readResultsFile(file: string): Promise<SuiteResult> {
  let data: unknown
  try {
    data = JSON.parse(await readFile(file, 'utf8'))
  } catch (err) {
    throw new PostflightError(
      'SCHEMA',
      `${file}: not a readable JSON results file: ${(err as Error).message}`,
      {
        cause: err,
        field: file,
      },
    )
  }
  const parsed = SuiteResult.safeParse(data)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new PostflightError(
      'SCHEMA',
      `${file}: invalid results file at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'unknown error'}`,
      { field: file },
    )
  }
  return parsed.data
}
