import { PostflightError } from '../errors.ts'

/**
 * An AbortSignal that fires when nothing happened for `ms` (no headers yet, or no body chunk), merged
 * with the caller's signal. An idle timer rather than a total one: a 2 GB asset on a slow link is
 * fine as long as it keeps moving.
 */
export function idleTimeout(
  ms: number,
  outer?: AbortSignal,
): { signal: AbortSignal; touch(): void; clear(): void } {
  const controller = new AbortController()
  let timer: NodeJS.Timeout | undefined
  const arm = (): void => {
    clearTimeout(timer)
    timer = setTimeout(() => {
      controller.abort(new PostflightError('TIMEOUT', `no data for ${ms} ms`))
    }, ms)
  }
  arm()
  const signal = outer ? AbortSignal.any([outer, controller.signal]) : controller.signal
  return { signal, touch: arm, clear: () => clearTimeout(timer) }
}
