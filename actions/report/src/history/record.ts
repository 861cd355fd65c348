import { describeError, type Logger, type Report, type SuiteBuilder } from '@postflight/core'
import type { ReportOptions } from '../inputs.ts'
import {
  actionsCache,
  CACHE_CALL_MS,
  type CacheOutcome,
  type CacheService,
  restoreHistory,
  saveHistory,
} from './cache.ts'
import { withHistory } from './index.ts'
import { cacheMode, planHistory } from './where.ts'

export interface RecordHistoryDeps {
  env: NodeJS.ProcessEnv
  /** The Actions cache; default @actions/cache, loaded on first use. */
  cache?: () => Promise<CacheService>
  /** How long one cache call may take before it is abandoned (default CACHE_CALL_MS). */
  cacheTimeoutMs?: number
  logger: Logger
}

export interface RecordedHistory {
  /** The regressions against the previous run; undefined when there is none to compare with. */
  regressions?: Set<string>
  /**
   * Saves the database to the Actions cache, when it is carried there: called once the report
   * files are written, so a slow or stuck upload never holds them back.
   */
  save?: () => Promise<void>
}

/**
 * Records the run in the history database (the `history` path, or by default on Actions a file in
 * RUNNER_TEMP: see planHistory), first restored from the Actions cache when on Actions
 * (history-cache), and puts the trends into the report.
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
): Promise<RecordedHistory> {
  const plan = await planHistory(options, deps.env, deps.cache ?? actionsCache)
  const history = plan.file
  if (history === undefined) {
    deps.logger.info(`no history is recorded: ${plan.reason}`)
    return {}
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
  const forbidden = (what: string): CacheOutcome => ({
    status: 'pass',
    message: `the runner's cache mode ${mode} permits no ${what}: not attempted`,
  })
  const timeoutMs = deps.cacheTimeoutMs ?? CACHE_CALL_MS
  const cache = plan.cache
  if (cache) {
    const restored = add(
      'history:restore',
      'The history was restored from the Actions cache',
      mode === 'none' || mode === 'write-only'
        ? forbidden('reads')
        : await restoreHistory(cache.load, history, cache.keys, timeoutMs),
    )
    // An abandoned restore may still write the file later: this run leaves it alone.
    if (restored.abandoned) return {}
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
  const save =
    cache && recorded.status === 'pass'
      ? async () => {
          add(
            'history:save',
            'The history was saved to the Actions cache',
            mode === 'none' || mode === 'read'
              ? forbidden('writes')
              : await saveHistory(cache.load, history, cache.keys, timeoutMs),
          )
        }
      : undefined
  return { ...(regressions ? { regressions } : {}), ...(save ? { save } : {}) }
}
