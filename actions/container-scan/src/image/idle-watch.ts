import { Transform } from 'node:stream'
import { PostflightError } from '@postflight/core'

/**
 * Aborts a request that stops sending: the timer restarts on every chunk, so a large layer that
 * keeps flowing never times out, while a registry that stalls mid-blob fails instead of hanging the
 * job until its own timeout.
 */
export class IdleWatch {
  readonly signal: AbortSignal
  readonly #controller = new AbortController()
  readonly #ms: number
  readonly #what: string
  #timer: NodeJS.Timeout | undefined

  constructor(ms: number, what: string, outer: AbortSignal) {
    this.#ms = ms
    this.#what = what
    this.signal = AbortSignal.any([outer, this.#controller.signal])
    this.touch()
  }

  touch(): void {
    clearTimeout(this.#timer)
    this.#timer = setTimeout(() => {
      this.#controller.abort(
        new PostflightError('TIMEOUT', `${this.#what}: no data for ${this.#ms / 1000} s`),
      )
    }, this.#ms)
    this.#timer.unref()
  }

  clear(): void {
    clearTimeout(this.#timer)
  }

  /** A pass-through that restarts the timer on each chunk and stops it at the end. */
  passThrough(): Transform {
    return new Transform({
      transform: (chunk: Buffer, _encoding, callback) => {
        this.touch()
        callback(null, chunk)
      },
      flush: (callback) => {
        this.clear()
        callback()
      },
    })
  }
}
