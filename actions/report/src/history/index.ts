import type { Report } from '@postflight/core'
import { openHistory, recordRun } from './store.ts'
import { computeTrends, regressionKeys, type Trends } from './trends.ts'

export { openHistory, recordRun } from './store.ts'
export { computeTrends, regressionKeys, type Trends } from './trends.ts'

/**
 * Records this run in the database at `file` and compares it with the earlier ones. `trend` goes
 * into the Report as it is (the Report schema keeps trends open-ended).
 */
export function withHistory(
  file: string,
  report: Report,
  window = 10,
): { trend: Record<string, unknown>; regressions: Set<string>; hasPrevious: boolean; summary: string } {
  const db = openHistory(file)
  try {
    const runId = recordRun(db, report)
    const trends: Trends = computeTrends(db, runId, window)
    return {
      trend: { ...trends },
      regressions: regressionKeys(trends),
      hasPrevious: trends.previous !== undefined,
      summary: `run ${runId} recorded in ${file}; over the last ${trends.runs} runs: ${trends.newlyFailing.length} newly failing, ${trends.newlyFixed.length} newly fixed, ${trends.flaky.length} flaky, ${trends.durationRegressions.length} slower`,
    }
  } finally {
    db.close()
  }
}
