import { describeError, isPostflightError, PostflightError } from '../errors.ts'
import { defaultSleep, raceAbort } from './abortable.ts'
import { computeBackoff, type Jitter } from './backoff.ts'
import { retryAfterOf } from './retry-after.ts'

/** `false` gives up, `true` retries after the backoff (or the error's own Retry-After), an object sets the wait. */
export type RetryDecision = boolean | { retryAfterMs: number }

export interface RetryInfo {
  /** The attempt that just failed, 1-based. */
  attempt: number
  error: unknown
  /** How long `retry` waits before the next attempt. */
  delayMs: number
  /** Set when the wait came from a Retry-After rather than the backoff. */
  retryAfterMs?: number
}

export interface RetryOptions {
  /** Attempts in all, the first included. Default 5. */
  attempts?: number
  /** Backoff before the second attempt; doubles each time. Default 1000. */
  baseMs?: number
  /** Cap on a backoff delay. Default 30000. */
  maxMs?: number
  /** Default `full`. */
  jitter?: Jitter
  /** Cap on a Retry-After wait; default `maxMs`. */
  maxRetryAfterMs?: number
  signal?: AbortSignal
  /** Default: retry anything but ABORTED, BAD_INPUT and BAD_CONFIG PostflightErrors. */
  shouldRetry?: (err: unknown, attempt: number) => RetryDecision
  onRetry?: (info: RetryInfo) => void
  random?: () => number
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>
}

export interface RetryResult<T> {
  value: T
  /** How many attempts it took, so results can record flakiness. */
  attempts: number
}

const defaultShouldRetry = (err: unknown): boolean =>
  !isPostflightError(err, 'ABORTED', 'BAD_INPUT', 'BAD_CONFIG')

/** The attempt count `retry` attached to an error it gave up with. */
export function attemptsOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null || !('attempts' in err)) return undefined
  return typeof err.attempts === 'number' ? err.attempts : undefined
}

function withAttempts(err: unknown, attempts: number): Error {
  if (err instanceof Error && Object.isExtensible(err)) {
    Object.defineProperty(err, 'attempts', {
      value: attempts,
      writable: true,
      configurable: true,
      enumerable: true,
    })
    return err
  }
  const message = `Failed after ${attempts} attempt(s): ${describeError(err)}`
  const wrapped = new PostflightError('INTERNAL', message, { cause: err })
  return withAttempts(wrapped, attempts)
}

function checkOptions(attempts: number, baseMs: number, maxMs: number): void {
  const bad = !Number.isInteger(attempts) || attempts < 1 || !(baseMs >= 0) || !(maxMs >= 0)
  if (bad) {
    throw new PostflightError(
      'BAD_INPUT',
      `retry needs attempts >= 1 and non-negative delays; got attempts=${attempts}, baseMs=${baseMs}, maxMs=${maxMs}.`,
    )
  }
}

/**
 * Calls `fn` until it resolves, waiting an exponential, jittered, capped backoff between attempts (or
 * the Retry-After the error carries). Aborting `signal` stops at once, mid-attempt or mid-wait, with an
 * ABORTED PostflightError. When it gives up, the last error is thrown with `attempts` attached.
 */
export async function retryWithInfo<T>(
  fn: (attempt: number, signal: AbortSignal) => Promise<T>,
  options: RetryOptions = {},
): Promise<RetryResult<T>> {
  const { attempts = 5, baseMs = 1000, maxMs = 30_000, jitter = 'full' } = options
  checkOptions(attempts, baseMs, maxMs)
  const maxRetryAfterMs = options.maxRetryAfterMs ?? maxMs
  const shouldRetry = options.shouldRetry ?? defaultShouldRetry
  const sleep = options.sleep ?? defaultSleep
  const random = options.random ?? Math.random
  const signal = options.signal ?? new AbortController().signal
  let attempt = 0

  const aborted = (): Error =>
    withAttempts(
      new PostflightError('ABORTED', `Stopped after ${attempt} attempt(s): ${describeError(signal.reason)}`, {
        cause: signal.reason,
      }),
      attempt,
    )

  const guard = <R>(work: () => Promise<R>): Promise<R> => raceAbort(work, signal, aborted)

  for (;;) {
    attempt++
    let error: unknown
    try {
      return { value: await guard(() => fn(attempt, signal)), attempts: attempt }
    } catch (err) {
      if (signal.aborted) throw aborted()
      error = err
    }
    const decision = attempt < attempts ? shouldRetry(error, attempt) : false
    if (decision === false) throw withAttempts(error, attempt)
    const retryAfterMs = typeof decision === 'object' ? decision.retryAfterMs : retryAfterOf(error)
    const delayMs =
      retryAfterMs === undefined
        ? computeBackoff(attempt, { baseMs, maxMs, jitter, random })
        : Math.min(Math.max(retryAfterMs, 0), maxRetryAfterMs)
    options.onRetry?.({ attempt, error, delayMs, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) })
    await guard(() => sleep(delayMs, signal))
  }
}

/** `retryWithInfo` for callers that only want the value. */
export async function retry<T>(
  fn: (attempt: number, signal: AbortSignal) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  return (await retryWithInfo(fn, options)).value
}
