import { existsSync } from 'node:fs'
import path from 'node:path'
import { describeError } from '@postflight/core'

/**
 * The three calls of @actions/cache the history uses. The engine loads the real package lazily
 * (its Azure SDK costs memory a report without history never needs); tests pass their own.
 */
export interface CacheService {
  isFeatureAvailable(): boolean
  restoreCache(paths: string[], primaryKey: string, restoreKeys?: string[]): Promise<string | undefined>
  saveCache(paths: string[], key: string): Promise<number>
}

export interface HistoryCacheKeys {
  /** This run's own key: a cache entry is immutable, so every run saves under a new one. */
  key: string
  /** What the restore matches: the newest entry of any earlier run of this repository. */
  prefix: string
}

/** What a cache call came to, as a check of the report's own suite. */
export interface CacheOutcome {
  status: 'pass' | 'warn'
  message: string
  /** The call did not answer in time and was left running. */
  abandoned?: boolean
}

/**
 * How long one restore or save of the history may take. The database is a few megabytes at most:
 * a call still going after this is stuck, and @actions/cache has no deadline of its own on every
 * request (a service that accepts the connection and never answers would hold the step, and the
 * report files after it, until the job's timeout).
 */
export const CACHE_CALL_MS = 120_000

/** Counts the calls left running, so the entry can end the process instead of waiting on them. */
export const abandonedCalls = { count: 0 }

class Abandoned extends Error {}

async function bounded<T>(call: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abandonedCalls.count++
      reject(new Abandoned(`${what} did not finish in ${ms / 1000} s and was abandoned`))
    }, ms)
    timer.unref()
  })
  try {
    return await Promise.race([call, deadline])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * The keys for the run described by the Actions environment, undefined off Actions or when the
 * run is not identified. Commas are the one character a cache key cannot hold; no repository
 * name or run id contains one, but a hand-set variable might.
 */
export function historyCacheKeys(env: NodeJS.ProcessEnv): HistoryCacheKeys | undefined {
  const repo = env.GITHUB_REPOSITORY
  const runId = env.GITHUB_RUN_ID
  if (!repo || !runId) return undefined
  const clean = (s: string): string => s.replace(/,/g, '_')
  const prefix = `postflight-history-${clean(repo)}-`
  return { prefix, key: `${prefix}${clean(runId)}-${clean(env.GITHUB_RUN_ATTEMPT || '1')}` }
}

/**
 * The file as the cache is asked for it. @actions/cache puts the path strings themselves into the
 * entry's version, so the same file must be named by the same string in every run. Inside the
 * step's folder (where the client resolves patterns) it is named relative to it, with forward
 * slashes, so a workspace that moves does not change it; outside (RUNNER_TEMP), by its absolute
 * path, as the client's patterns may not climb out with `..`.
 */
export function cachePath(file: string, cwd = process.cwd()): string {
  const absolute = path.resolve(cwd, file)
  const relative = path.relative(cwd, absolute)
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return absolute
  return relative.split(path.sep).join('/')
}

/**
 * Restores the history database `file` from the newest entry under the prefix. A file already on
 * disk is kept (a self-hosted runner's own copy is at least as new as any cached one). Never
 * throws: whatever happens, the report goes on with the history it has.
 */
export async function restoreHistory(
  load: () => Promise<CacheService>,
  file: string,
  keys: HistoryCacheKeys,
  timeoutMs = CACHE_CALL_MS,
): Promise<CacheOutcome> {
  if (existsSync(file)) {
    return { status: 'pass', message: `${file} is already on this runner: kept, not restored from the cache` }
  }
  try {
    const cache = await load()
    const unavailable = checkAvailable(cache, file)
    if (unavailable) return unavailable
    const hit = await bounded(
      cache.restoreCache([cachePath(file)], keys.key, [keys.prefix]),
      timeoutMs,
      'the restore',
    )
    // @actions/cache reports a failed read as a miss (and logs the reason), so both are told here.
    return hit
      ? { status: 'pass', message: `${file} restored from the Actions cache entry ${hit}` }
      : {
          status: 'pass',
          message: `no cache entry under ${keys.prefix} (a first run, or the cache could not be read: see the log above): ${file} starts empty`,
        }
  } catch (err) {
    if (err instanceof Abandoned) {
      return {
        status: 'warn',
        abandoned: true,
        message: `${file} could not be restored from the Actions cache: ${err.message}; this run is not recorded in the history`,
      }
    }
    return {
      status: 'warn',
      message: `${file} could not be restored from the Actions cache: ${describeError(err)}`,
    }
  }
}

/** Saves `file` under this run's key. Never throws: a lost save costs the next run its trends, not this verdict. */
export async function saveHistory(
  load: () => Promise<CacheService>,
  file: string,
  keys: HistoryCacheKeys,
  timeoutMs = CACHE_CALL_MS,
): Promise<CacheOutcome> {
  try {
    const cache = await load()
    const unavailable = checkAvailable(cache, file)
    if (unavailable) return unavailable
    const id = await bounded(cache.saveCache([cachePath(file)], keys.key), timeoutMs, 'the save')
    // saveCache answers -1 (having logged why) for a refused or failed upload.
    return id === -1
      ? {
          status: 'warn',
          message: `${file} was not saved to the Actions cache as ${keys.key} (see the log above): the next run starts without this one`,
        }
      : { status: 'pass', message: `${file} saved to the Actions cache as ${keys.key}` }
  } catch (err) {
    const why = err instanceof Abandoned ? err.message : describeError(err)
    return { status: 'warn', message: `${file} was not saved to the Actions cache: ${why}` }
  }
}

function checkAvailable(cache: CacheService, file: string): CacheOutcome | undefined {
  if (cache.isFeatureAvailable()) return undefined
  return {
    status: 'warn',
    message: `the Actions cache service is not available to this step (neither ACTIONS_RESULTS_URL nor ACTIONS_CACHE_URL is set): the history is kept only in ${file} on this runner`,
  }
}

/** The real @actions/cache, loaded on first use (the failure of a load is caught as a warning by the callers). */
export async function actionsCache(): Promise<CacheService> {
  const cache = await import('@actions/cache')
  return {
    isFeatureAvailable: () => cache.isFeatureAvailable(),
    restoreCache: (paths, key, restoreKeys) => cache.restoreCache(paths, key, restoreKeys),
    saveCache: (paths, key) => cache.saveCache(paths, key),
  }
}
