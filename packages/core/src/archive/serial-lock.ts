/**
 * One holder at a time, handed over in arrival order. A waiter whose signal fires leaves the
 * queue without ever holding the lock, so an aborted read cannot leave it taken.
 */
export class SerialLock {
  private busy = false
  private readonly waiters: Array<() => void> = []

  /** Resolves to the release function once this caller holds the lock. */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    signal?.throwIfAborted()
    if (this.busy) await this.wait(signal)
    this.busy = true
    let released = false
    return () => {
      if (released) return
      released = true
      const next = this.waiters.shift()
      // The lock passes straight to the next waiter, so `busy` stays true.
      if (next) next()
      else this.busy = false
    }
  }

  private wait(signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        const at = this.waiters.indexOf(waiter)
        if (at >= 0) this.waiters.splice(at, 1)
        reject(signal?.reason)
      }
      const waiter = (): void => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }
      this.waiters.push(waiter)
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  }
}
