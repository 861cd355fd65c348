import { Worker } from 'node:worker_threads'
import { describeError, PostflightError } from '../errors.ts'
import { createMultiHash, type HashAlgorithm, type HashResult } from './algorithms.ts'

/*
 * Hashes a download's bytes where they already lie: slots of a shared ring buffer that the socket reads
 * into. The worker variant hashes on another thread, so the receiving thread only reads and writes
 * (on loopback, SHA-256 on the main thread alone made a download twice as slow as curl). The worker is
 * source text for the reason given in worker-source.ts. Protocol: the main thread posts
 * [slot, offset, length, offset, length, …] (offsets in the ring); the worker hashes those segments in
 * order and answers with the slot, which may then be reused. 'reset' starts the hashes again, 'digest'
 * answers { size, digests }.
 */
const RING_WORKER_SOURCE = `
'use strict'
const { parentPort, workerData } = require('node:worker_threads')
const { createHash } = require('node:crypto')
const ring = new Uint8Array(workerData.ring)
let hashes = workerData.algorithms.map((name) => createHash(name))
let size = 0
parentPort.on('message', (message) => {
  if (message === 'reset') {
    hashes = workerData.algorithms.map((name) => createHash(name))
    size = 0
    return
  }
  if (message === 'digest') {
    const digests = {}
    workerData.algorithms.forEach((name, i) => { digests[name] = hashes[i].digest('hex') })
    parentPort.postMessage({ size, digests })
    return
  }
  for (let i = 1; i < message.length; i += 2) {
    const segment = ring.subarray(message[i], message[i] + message[i + 1])
    for (const h of hashes) h.update(segment)
    size += segment.length
  }
  parentPort.postMessage(message[0])
})
`

const WORKER_LIMITS = { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2, stackSizeMb: 1 }

/** Hashes segments of a ring buffer's slots, in the order submitted. */
export interface RingHasher<A extends HashAlgorithm> {
  /** Hash `segments` ([offset, length, …] in the ring) of `slot`; `release(slot)` follows once done. */
  submit(slot: number, segments: number[]): void
  /** Forget everything hashed so far (a download starting again from byte 0). */
  reset(): void
  /** Digests of everything submitted since the last reset. */
  digest(): Promise<HashResult<A>>
  close(): Promise<void>
}

/** Hashes on the calling thread: for small transfers, where a thread costs more than it saves. */
export function inlineRingHasher<A extends HashAlgorithm>(
  ring: Uint8Array,
  algorithms: readonly A[],
  release: (slot: number) => void,
): RingHasher<A> {
  let hash = createMultiHash(algorithms)
  return {
    submit(slot, segments) {
      for (let i = 0; i < segments.length; i += 2) {
        const at = segments[i] as number
        hash.update(ring.subarray(at, at + (segments[i + 1] as number)))
      }
      release(slot)
    },
    reset() {
      hash = createMultiHash(algorithms)
    },
    digest: () => Promise.resolve(hash.digest()),
    close: () => Promise.resolve(),
  }
}

/** Hashes on a worker thread sharing `ring` (a SharedArrayBuffer). */
export function workerRingHasher<A extends HashAlgorithm>(
  ring: SharedArrayBuffer,
  algorithms: readonly A[],
  release: (slot: number) => void,
  onFailure: (err: Error) => void = () => {},
): RingHasher<A> {
  createMultiHash(algorithms) // validates the names before a thread starts
  const worker = new Worker(RING_WORKER_SOURCE, {
    eval: true,
    workerData: { ring, algorithms },
    resourceLimits: WORKER_LIMITS,
  })
  let failure: Error | undefined
  let waiting: { resolve(r: HashResult<A>): void; reject(e: Error): void } | undefined
  const fail = (err: Error): void => {
    if (failure) return
    failure = new PostflightError('IO', `the hashing thread failed: ${describeError(err)}`, { cause: err })
    waiting?.reject(failure)
    waiting = undefined
    // The slots it held never come back: whoever waits for one must hear of it, not wait for ever.
    onFailure(failure)
  }
  worker.on('message', (message: number | HashResult<A>) => {
    if (typeof message === 'number') release(message)
    else {
      waiting?.resolve(message)
      waiting = undefined
    }
  })
  worker.on('error', fail)
  worker.on('exit', (code) => fail(new Error(`exited with code ${code}`)))
  return {
    submit(slot, segments) {
      if (failure) throw failure
      worker.postMessage([slot, ...segments])
    },
    reset() {
      worker.postMessage('reset')
    },
    digest() {
      if (failure) return Promise.reject(failure)
      return new Promise((resolve, reject) => {
        waiting = { resolve, reject }
        worker.postMessage('digest')
      })
    },
    async close() {
      worker.removeAllListeners('exit')
      await worker.terminate()
    },
  }
}
