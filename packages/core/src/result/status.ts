import type { Check, CheckStatus } from './model.ts'

/**
 * Worst first. `error` outranks `fail`: a result the tool could not finish cannot vouch for
 * anything, so it must never read better than a definite failure.
 */
const RANK: Record<CheckStatus, number> = { error: 4, fail: 3, warn: 2, pass: 1, skip: 0 }

/** The worst of several statuses; `skip` when there are none. */
export function worstStatus(statuses: Iterable<CheckStatus>): CheckStatus {
  let worst: CheckStatus = 'skip'
  for (const s of statuses) if (RANK[s] > RANK[worst]) worst = s
  return worst
}

/** The status of a suite: derived from its checks, never set by hand. A partial suite is never better than `error`. */
export function deriveStatus(checks: readonly Pick<Check, 'status'>[], partial = false): CheckStatus {
  const status = worstStatus(checks.map((c) => c.status))
  return partial ? worstStatus([status, 'error']) : status
}

export type FailOn = 'fail' | 'warn' | 'never'

/**
 * Exit codes everywhere: 0 passed, 1 the release failed a check, 2 bad usage or the tool could not
 * do its job. `fail-on` moves the threshold for findings only; an `error` is always 2.
 */
export function exitCodeFor(status: CheckStatus, failOn: FailOn = 'fail'): 0 | 1 | 2 {
  if (status === 'error') return 2
  if (failOn === 'never') return 0
  if (status === 'fail') return 1
  if (status === 'warn' && failOn === 'warn') return 1
  return 0
}

/** Counts of checks per status, for summaries. */
export function countByStatus(checks: readonly Pick<Check, 'status'>[]): Record<CheckStatus, number> {
  const counts: Record<CheckStatus, number> = { pass: 0, fail: 0, warn: 0, skip: 0, error: 0 }
  for (const c of checks) counts[c.status]++
  return counts
}
