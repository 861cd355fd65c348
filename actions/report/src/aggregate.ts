import { type ReleaseRef, type Report, SCHEMA_VERSION, type SuiteResult, worstStatus } from '@postflight/core'
import { type Expectation, missingLegs } from './expect.ts'
import { errorLeg, type LegRead } from './read-results.ts'

/**
 * The report's verdict, fail-closed: the worst leg; `fail` when an expected leg never reported;
 * `error` when there is nothing at all to judge (a run whose legs all crashed before uploading must
 * not read as green).
 */
export function reportStatus(suites: readonly SuiteResult[], missing: readonly string[]): Report['status'] {
  if (suites.length === 0 && missing.length === 0) return 'error'
  const worst = worstStatus(suites.map((s) => s.status))
  return missing.length > 0 ? worstStatus([worst, 'fail']) : worst
}

/** Merges what legs say about the release; the first leg that names a field wins. */
function mergeRelease(suites: readonly SuiteResult[], given: ReleaseRef): ReleaseRef {
  const out: ReleaseRef = { ...given }
  for (const s of suites) {
    for (const key of ['repo', 'tag', 'version'] as const) {
      const v = s.release[key]
      if (out[key] === undefined && v !== undefined) out[key] = v
    }
  }
  return out
}

/** Builds the Report from every leg read (broken files become `error` legs) and the expectations. */
export function aggregate(
  reads: readonly LegRead[],
  expectations: readonly Expectation[],
  options: { now?: Date; release?: ReleaseRef } = {},
): Report {
  const now = options.now ?? new Date()
  const suites = reads
    .map((r) => (r.ok ? r.result : errorLeg(r, now)))
    // The report's own results (a previous run's, or this run's) and `postflight history`'s are
    // not legs of the release.
    .filter((s) => s.suite !== 'report' && s.suite !== 'history')
  const valid = reads.flatMap((r) => (r.ok ? [r.result] : []))
  const missing = missingLegs(expectations, valid)
  return {
    schemaVersion: SCHEMA_VERSION,
    release: mergeRelease(valid, options.release ?? {}),
    generatedAt: now.toISOString(),
    status: reportStatus(suites, missing),
    suites,
    missing,
  }
}
