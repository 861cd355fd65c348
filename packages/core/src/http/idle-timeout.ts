import { PostflightError } from '../errors.ts'
import type { IdleClock } from './transport.ts'

/**
 * An AbortSignal that fires when nothing happened for `ms` (no headers yet, or no body chunk), merged
 * with the caller's signal. An idle timer rather than a total one: a 2 GB asset on a slow link is
 * fine as long as it keeps moving. `touch()` only records the time (it runs for every read of a
 * download); the timer looks at it when it fires and waits out the rest.
 */
export function idleTimeout(
  ms: number,
  outer?: AbortSignal,
): IdleClock & { signal: AbortSignal; clear(): void } {
  const controller = new AbortController()
  let last = performance.now()
  let timer: NodeJS.Timeout | undefined
  // While a transport waits for room in the download's ring it has stopped reading on purpose: the
  // server is not idle, we are. The hashing thread frees room within milliseconds, and its failure
  // wakes the wait (hashing-file-sink.ts), so holding cannot hang.
  let holds = 0
  const arm = (wait: number): void => {
    timer = setTimeout(() => {
      const idle = performance.now() - last
      if (holds > 0) arm(ms)
      else if (idle < ms) arm(ms - idle)
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
    waiting: async (room) => {
      holds++
      try {
        await room
      } finally {
        holds--
        last = performance.now()
      }
    },
    clear: () => clearTimeout(timer),
  }
}
