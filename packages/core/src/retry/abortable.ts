// The global timer (not node:timers/promises) so tests can drive it with fake timers. Settling on abort
// is raceAbort's job; this only has to stop holding the timer.
export const defaultSleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve()
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', stop)
      resolve()
    }, ms)
    const stop = (): void => clearTimeout(timer)
    signal.addEventListener('abort', stop, { once: true })
  })

// Settles with whichever comes first, the work or the abort, so a callee that ignores the signal cannot
// hold its caller up. A work failure that comes with (or after) an abort reads as the abort.
export function raceAbort<R>(work: () => Promise<R>, signal: AbortSignal, aborted: () => Error): Promise<R> {
  if (signal.aborted) return Promise.reject(aborted())
  return new Promise<R>((resolve, reject) => {
    const onAbort = (): void => reject(aborted())
    signal.addEventListener('abort', onAbort, { once: true })
    const cleanup = (): void => signal.removeEventListener('abort', onAbort)
    // The executor turns a synchronous throw from work() into a rejection.
    new Promise<R>((run) => run(work())).then(
      (value) => {
        cleanup()
        resolve(value)
      },
      (err: unknown) => {
        cleanup()
        reject(signal.aborted ? aborted() : err)
      },
    )
  })
}
