import { describeError, type Logger, type Report, type SuiteBuilder } from '@postflight/core'
import type { ReportOptions } from '../inputs.ts'
import { actionsCache, type CacheOutcome, type CacheService, restoreHistory, saveHistory } from './cache.ts'
import { withHistory } from './index.ts'
import { cacheMode, planHistory } from './where.ts'

export interface RecordHistoryDeps {
  env: NodeJS.ProcessEnv
  /** The Actions cache; default @actions/cache, loaded on first use. */
  cache?: () => Promise<CacheService>
  logger: Logger
}

/**
 * Records the run in the history database (the `history` path, or by default on Actions a file in
 * RUNNER_TEMP: see planHistory), first restored from the Actions cache and then saved to it when on
 * Actions (history-cache), and puts the trends into the report. Returns the
 * regressions against the previous run, or undefined when there is no previous run to compare.
 *
 * Nothing here can fail the step: a history that cannot be restored, written or saved costs the
 * trends, not the verdict. Each problem is a warning, and under fail-on warn (where a warning
 * would fail the step) it is logged as one and recorded as `skip`.
 */
export async function recordHistory(
  suite: SuiteBuilder,
  report: Report,
  options: Pick<ReportOptions, 'history' | 'history-cache' | 'fail-on'>,
  deps: RecordHistoryDeps,
): Promise<Set<string> | undefined> {
  const plan = await planHistory(options, deps.env, deps.cache ?? actionsCache)
  const history = plan.file
  if (history === undefined) {
    deps.logger.info(`no history is recorded: ${plan.reason}`)
    return undefined
  }
  deps.logger.info(`history: ${history} (${plan.reason})`)
  const add = (id: string, title: string, outcome: CacheOutcome): CacheOutcome => {
    if (outcome.status === 'pass') {
      suite.add({ id, title, ...outcome })
      return outcome
    }
    deps.logger.warn(outcome.message)
    const gates = options['fail-on'] === 'warn'
    suite.add({
      id,
      title,
      status: gates ? 'skip' : 'warn',
      message: gates
        ? `${outcome.message} (a warning, recorded as skip: the history never fails the step)`
        : outcome.message,
    })
    return outcome
  }
  // The runner's cache mode can forbid reads or writes (@actions/cache then skips the call and
  // answers a miss or -1): said plainly here rather than as a warning on every such run.
  const mode = cacheMode(deps.env)
  const forbidden = (what: string): CacheOutcome & { status: 'pass' } => ({
    status: 'pass',
    message: `the runner's cache mode ${mode} permits no ${what}: not attempted`,
  })
  const cache = plan.cache
  if (cache) {
    add(
      'history:restore',
      'The history was restored from the Actions cache',
      mode === 'none' || mode === 'write-only'
        ? forbidden('reads')
        : await restoreHistory(cache.load, history, cache.keys),
    )
  }
  let regressions: Set<string> | undefined
  let recorded: CacheOutcome
  try {
    const h = withHistory(history, report)
    report.trend = h.trend
    if (h.hasPrevious) regressions = h.regressions
    recorded = add('history', 'The run was recorded in the history', { status: 'pass', message: h.summary })
  } catch (err) {
    recorded = add('history', 'The run was recorded in the history', {
      status: 'warn',
      message: `${history}: the run was not recorded: ${describeError(err)}`,
    })
  }
  if (cache && recorded.status === 'pass') {
    add(
      'history:save',
      'The history was saved to the Actions cache',
      mode === 'none' || mode === 'read'
        ? forbidden('writes')
        : await saveHistory(cache.load, history, cache.keys),
    )
  }
  return regressions
}
