import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs'
import { describeError } from '../errors.ts'
import type { HashAlgorithm, HashResult } from '../hash/algorithms.ts'
import { inlineRingHasher, type RingHasher, workerRingHasher } from '../hash/ring-hasher.ts'
import { type BodyTarget, MIN_READ } from './body-target.ts'
import { HttpError } from './http-error.ts'

export interface HashingFileSinkOptions<A extends HashAlgorithm> {
  algorithms: readonly A[]
  /** Hash on a worker thread: worth it from a few MiB on (a thread costs ~10 MB and ~20 ms). */
  threaded: boolean
  /** Called after each slot is written, with the bytes written so far. */
  onWritten?: (bytes: number) => void
  /** Tests only: another hasher for the shared ring (e.g. one whose thread dies). */
  workerHasher?: typeof workerRingHasher<A>
}

// Threaded: 16 slots of 1 MiB let the socket run ahead of the hashing thread by up to 16 MiB, which
// kept a 1 GiB loopback transfer from ever waiting for it; the memory is the same for any asset size.
// Inline, a slot is free again as soon as it is hashed, so two small ones do.
const THREADED = { slotSize: 1024 * 1024, slots: 16 }
const INLINE = { slotSize: 256 * 1024, slots: 2 }
// Reads of at most 256 KiB: a read that fits the CPU cache is still there when it is written.
const MAX_READ = 256 * 1024

/**
 * A download's file: body bytes are written at once with a synchronous write (they are still in the
 * CPU cache right after the read, which made writing them three times cheaper than batching them into
 * megabyte writes) and hashed per slot, on a worker thread for big files. Bytes are written and hashed
 * in arrival order, so a resumed download continues both.
 */
export class HashingFileSink<A extends HashAlgorithm> implements BodyTarget {
  /** Bytes written to the file since it was opened or restarted. */
  written = 0
  readonly #fd: number
  readonly #ring: Buffer
  readonly #slotSize: number
  readonly #free: number[]
  readonly #hasher: RingHasher<A>
  readonly #scratch = Buffer.allocUnsafe(MIN_READ)
  readonly #onWritten: ((bytes: number) => void) | undefined
  #slot = -1
  #cursor = 0
  #segments: number[] = []
  #waiting: Array<() => void> = []
  #failure: Error | undefined

  constructor(file: string, options: HashingFileSinkOptions<A>) {
    const { slotSize, slots } = options.threaded ? THREADED : INLINE
    this.#slotSize = slotSize
    this.#free = Array.from({ length: slots }, (_, i) => i)
    this.#onWritten = options.onWritten
    const memory = options.threaded
      ? new SharedArrayBuffer(slotSize * slots)
      : new ArrayBuffer(slotSize * slots)
    this.#ring = Buffer.from(memory)
    const wake = (): void => {
      const waiting = this.#waiting
      this.#waiting = []
      for (const resolve of waiting) resolve()
    }
    const release = (slot: number): void => {
      this.#free.push(slot)
      wake()
    }
    const fail = (err: Error): void => {
      this.#failure = err
      wake()
    }
    this.#fd = openSync(file, 'w')
    try {
      this.#hasher =
        memory instanceof SharedArrayBuffer
          ? (options.workerHasher ?? workerRingHasher)(memory, options.algorithms, release, fail)
          : inlineRingHasher(this.#ring, options.algorithms, release)
    } catch (err) {
      closeSync(this.#fd)
      throw err
    }
  }

  region(): Buffer {
    if (this.#slot < 0) return this.#scratch
    const start = this.#slot * this.#slotSize + this.#cursor
    return this.#ring.subarray(start, Math.min(start + MAX_READ, (this.#slot + 1) * this.#slotSize))
  }

  prepare(): boolean {
    if (this.#failure) throw this.#failure
    if (this.#slot >= 0 && this.#slotSize - this.#cursor >= MIN_READ) return true
    this.#submit()
    const next = this.#free.shift()
    if (next === undefined) return false
    this.#slot = next
    this.#cursor = 0
    return true
  }

  room(): Promise<void> {
    if (
      this.#failure ||
      this.#free.length > 0 ||
      (this.#slot >= 0 && this.#slotSize - this.#cursor >= MIN_READ)
    ) {
      return Promise.resolve() // after a failure, prepare() throws it
    }
    return new Promise((resolve) => {
      this.#waiting.push(resolve)
    })
  }

  accept(chunk: Uint8Array): void {
    if (chunk.byteLength === 0) return
    let at = this.#inPlace(chunk)
    if (at < 0) {
      // Foreign bytes: copy them into the current slot (prepare() left at least MIN_READ there).
      const start = this.#slot * this.#slotSize
      if (this.#slot < 0 || chunk.byteLength > this.#slotSize - this.#cursor) {
        throw new Error(`internal: no room for ${chunk.byteLength} bytes (prepare() first, at most MIN_READ)`)
      }
      at = start + this.#cursor
      this.#ring.set(chunk, at)
    }
    try {
      writeSync(this.#fd, this.#ring, at, chunk.byteLength, this.written)
    } catch (err) {
      throw new HttpError(`could not write the download: ${describeError(err)}`, {
        retryable: false,
        code: 'IO',
        cause: err,
      })
    }
    this.written += chunk.byteLength
    this.#segments.push(at, chunk.byteLength)
    this.#cursor = at + chunk.byteLength - this.#slot * this.#slotSize
  }

  /** Start again from byte 0: a server that ignored Range, or sent another range than asked. */
  restart(): void {
    ftruncateSync(this.#fd, 0)
    this.written = 0
    this.#segments = []
    this.#cursor = 0
    this.#hasher.reset()
  }

  /** The digests of every byte written; the file stays open until close(). */
  async digest(): Promise<HashResult<A>> {
    this.#submit()
    return this.#hasher.digest()
  }

  async close(): Promise<void> {
    closeSync(this.#fd)
    await this.#hasher.close()
  }

  /** The ring offset of `chunk` when it lies in the current slot after the cursor, else -1. */
  #inPlace(chunk: Uint8Array): number {
    if (this.#slot < 0 || chunk.buffer !== this.#ring.buffer) return -1
    const at = chunk.byteOffset - this.#ring.byteOffset
    const start = this.#slot * this.#slotSize
    const fits = at >= start + this.#cursor && at + chunk.byteLength <= start + this.#slotSize
    return fits ? at : -1
  }

  #submit(): void {
    if (this.#slot < 0) return
    const slot = this.#slot
    const segments = this.#segments
    this.#slot = -1
    this.#segments = []
    if (segments.length === 0) this.#free.push(slot)
    else {
      this.#hasher.submit(slot, segments)
      this.#onWritten?.(this.written)
    }
  }
}
