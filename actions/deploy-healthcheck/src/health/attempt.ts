import { describeError } from '@postflight/core'
import type { Probe } from './probe.ts'
import type { ProbeOutcome } from './types.ts'
import type { WatchEnv } from './watch.ts'

/** Waits `ms`, or less when the signal aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted || ms <= 0) return resolve()
    const done = (): void => {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done, { once: true })
  })
}

/** A duration as a message shows it: `350 ms`, `2.5 s`, `30 s`. */
export function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`
}

/**
 * One try of a probe, bounded by `timeoutMs` and the run's signal. `cut` says the bound (or the signal)
 * ended it; a wrong answer cut that way reads "no answer within …". A probe that throws is a bad answer.
 */
export async function tryOnce(
  probe: Probe,
  env: WatchEnv,
  timeoutMs: number,
): Promise<{ outcome: ProbeOutcome; cut: boolean }> {
  // A controller and a timer cleared after the try, not AbortSignal.timeout: a port polled every 100 ms
  // would otherwise keep hundreds of pending 30 s timers alive per check.
  const attempt = new AbortController()
  const stop = (): void => attempt.abort()
  const timer = setTimeout(stop, timeoutMs)
  env.signal.addEventListener('abort', stop, { once: true })
  let outcome: ProbeOutcome
  try {
    outcome = await probe({ ...env.options, signal: attempt.signal, timeoutMs, redact: env.redact })
  } catch (err) {
    const error = env.redact(describeError(err))
    outcome = { state: 'bad', message: error, response: { error } }
  } finally {
    clearTimeout(timer)
    env.signal.removeEventListener('abort', stop)
  }
  const cut = attempt.signal.aborted
  if (outcome.state === 'bad' && cut) {
    const error = `no answer within ${seconds(timeoutMs)}`
    outcome = { ...outcome, message: error, response: { error } }
  }
  return { outcome, cut }
}
