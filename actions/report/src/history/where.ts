import path from 'node:path'
import type { ReportOptions } from '../inputs.ts'
import type { CacheService, HistoryCacheKeys } from './cache.ts'
import { historyCacheKeys } from './cache.ts'

/** The file name of the default database, under RUNNER_TEMP. */
export const DEFAULT_HISTORY_FILE = 'postflight-history.sqlite'

/** The spellings of `history` that turn it off (a file really named so can be given as ./off). */
const OFF = new Set(['off', 'false'])

/** Where this run's history goes: nowhere (and why), or a file, carried through the cache or not. */
export type HistoryPlan =
  | { file?: undefined; reason: string }
  | { file: string; cache?: { load: () => Promise<CacheService>; keys: HistoryCacheKeys }; reason: string }

/**
 * Decides where the history goes. A path the user gives always wins. Without one, on Actions with
 * a usable cache service, every run is recorded in RUNNER_TEMP and carried to the next run through
 * the cache: that is the only place a hosted runner keeps anything between jobs. Everywhere else
 * (the CLI, a runner without the cache service) there is no default: a file in a folder that is
 * wiped between runs would say "first run" forever, which reads like a trend but is none.
 */
export async function planHistory(
  options: Pick<ReportOptions, 'history' | 'history-cache'>,
  env: NodeJS.ProcessEnv,
  loadCache: () => Promise<CacheService>,
): Promise<HistoryPlan> {
  const given = options.history?.trim()
  if (given && OFF.has(given.toLowerCase())) return { reason: `history is ${given}` }
  const onActions = env.GITHUB_ACTIONS === 'true'
  const keys = options['history-cache'] && onActions ? historyCacheKeys(env) : undefined
  const cache = keys ? { load: loadCache, keys } : undefined
  if (given) return { file: given, ...(cache ? { cache } : {}), reason: 'the history input' }

  if (!onActions) {
    return { reason: 'no history path given (off GitHub Actions there is no default: pass --history FILE)' }
  }
  if (!options['history-cache']) return { reason: 'history-cache is false and no history path is given' }
  if (!env.RUNNER_TEMP || !cache) {
    return { reason: 'RUNNER_TEMP, GITHUB_REPOSITORY or GITHUB_RUN_ID is not set' }
  }
  const unusable = await cacheUnusable(env, loadCache)
  if (unusable) return { reason: `${unusable}; give history a path on a disk that persists to keep one` }
  return {
    file: path.join(env.RUNNER_TEMP, DEFAULT_HISTORY_FILE),
    cache,
    reason: 'the default on Actions: RUNNER_TEMP, carried between runs by the Actions cache',
  }
}

/**
 * Why the cache service cannot carry a default history, or undefined when it can. The variables
 * are checked first, so a run without them never loads @actions/cache (its Azure SDK costs memory);
 * then the package itself decides, as it alone knows which service version the runner speaks.
 */
async function cacheUnusable(
  env: NodeJS.ProcessEnv,
  loadCache: () => Promise<CacheService>,
): Promise<string | undefined> {
  const none = 'the Actions cache service is not available to this step'
  if (!env.ACTIONS_RUNTIME_TOKEN || !(env.ACTIONS_CACHE_URL || env.ACTIONS_RESULTS_URL)) {
    return `${none} (no ACTIONS_CACHE_URL or ACTIONS_RESULTS_URL with ACTIONS_RUNTIME_TOKEN)`
  }
  if (cacheMode(env) === 'none') return `${none} (ACTIONS_CACHE_MODE is none)`
  try {
    if (!(await loadCache()).isFeatureAvailable()) return none
  } catch (err) {
    return `${none} (${(err as Error).message})`
  }
  return undefined
}

/** The runner's cache mode (read, write, write-only, none); empty when it sets none, which allows all. */
export function cacheMode(env: NodeJS.ProcessEnv): string {
  return (env.ACTIONS_CACHE_MODE ?? '').trim().toLowerCase()
}
