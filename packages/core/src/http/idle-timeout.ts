import { PostflightError } from '../errors.ts'

/**
 * An AbortSignal that fires when nothing happened for `ms` (no headers yet, or no body chunk), merged
 * with the caller's signal. An idle timer rather than a total one: a 2 GB asset on a slow link is
 * fine as long as it keeps moving. `touch()` only records the time (it runs for every read of a
 * download); the timer looks at it when it fires and waits out the rest.
 */
export function idleTimeout(
  ms: number,
  outer?: AbortSignal,
): { signal: AbortSignal; touch(): void; clear(): void } {
  const controller = new AbortController()
  let last = performance.now()
  let timer: NodeJS.Timeout | undefined
  const arm = (wait: number): void => {
    timer = setTimeout(() => {
      const idle = performance.now() - last
      if (idle < ms) arm(ms - idle)
      else controller.abort(new PostflightError('TIMEOUT', `no data for ${ms} ms`))
    }, wait)
  }
  arm(ms)
  const signal = outer ? AbortSignal.any([outer, controller.signal]) : controller.signal
  return {
    signal,
    touch: () => {
      last = performance.now()
    },
    clear: () => clearTimeout(timer),
  }
}
