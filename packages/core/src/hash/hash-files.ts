import { stat } from 'node:fs/promises'
import os from 'node:os'
import { Worker } from 'node:worker_threads'
import { describeError, PostflightError } from '../errors.ts'
import { checkAlgorithms, type Digests, type HashAlgorithm, type HashResult } from './algorithms.ts'
import { HASH_CHUNK_BYTES, hashAborted } from './hash-file.ts'
import { HASH_WORKER_SOURCE } from './worker-source.ts'

export interface FileHashResult<A extends HashAlgorithm = HashAlgorithm> extends HashResult<A> {
  path: string
}

export interface HashFilesProgress {
  bytesDone: number
  bytesTotal: number
  filesDone: number
  filesTotal: number
  /** The file that just finished, on the call that counts it in `filesDone`. */
  finished?: string
}

export interface HashFilesOptions {
  /** Worker threads; default `os.availableParallelism()` up to 8, never more than there are files. */
  concurrency?: number
  signal?: AbortSignal
  onProgress?: (progress: HashFilesProgress) => void
}

type WorkerMessage =
  | { id: number; type: 'progress'; bytes: number }
  | { id: number; type: 'done'; size: number; digests: Record<string, string> }
  | { id: number; type: 'error'; message: string; code?: string }

// A worker costs ~12 MB of RSS (its own V8 isolate and Node environment) plus one chunk buffer, whatever
// the file sizes; the heap limits keep a misbehaving one from costing more. Past a handful of threads
// hashing is bound by the disk, not the CPU, so the default pool stops at 8 (~100 MB): every core of a
// hosted runner, without letting a 64-core machine spend 750 MB on threads waiting for the same disk.
const MAX_DEFAULT_CONCURRENCY = 8
const WORKER_LIMITS = { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 4, stackSizeMb: 1 }

async function sizeOf(file: string): Promise<number> {
  try {
    const info = await stat(file)
    if (!info.isFile()) throw new Error('not a regular file')
    return info.size
  } catch (err) {
    throw new PostflightError('IO', `Could not hash ${file}: ${describeError(err)}`, {
      cause: err,
      field: file,
    })
  }
}

function checkConcurrency(concurrency: number): void {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new PostflightError('BAD_INPUT', `hashFiles needs a whole concurrency >= 1; got ${concurrency}.`)
  }
}

/**
 * Hashes many files on a pool of worker threads, one read pass per file with every algorithm, largest
 * files first so the pool finishes together. Memory stays bounded (one 1 MiB buffer per worker).
 * Results are in the order of `paths`. Throws IO naming the first file that failed, or ABORTED.
 */
export async function hashFiles<A extends HashAlgorithm>(
  paths: readonly string[],
  algorithms: readonly A[],
  options: HashFilesOptions = {},
): Promise<Array<FileHashResult<A>>> {
  const names = checkAlgorithms(algorithms)
  const {
    signal,
    onProgress,
    concurrency = Math.min(os.availableParallelism(), MAX_DEFAULT_CONCURRENCY),
  } = options
  checkConcurrency(concurrency)
  if (signal?.aborted) throw hashAborted(`${paths.length} files`, signal)
  const sizes = await Promise.all(paths.map(sizeOf))
  if (paths.length === 0) return []
  if (signal?.aborted) throw hashAborted(`${paths.length} files`, signal)

  const queue = sizes.map((size, id) => ({ id, size })).sort((a, b) => b.size - a.size)
  const results = new Array<FileHashResult<A>>(paths.length)
  const progress: HashFilesProgress = {
    bytesDone: 0,
    bytesTotal: sizes.reduce((a, b) => a + b, 0),
    filesDone: 0,
    filesTotal: paths.length,
  }
  const workers = new Set<Worker>()

  return new Promise<Array<FileHashResult<A>>>((resolve, reject) => {
    let settled = false
    const stop = (err?: Error): void => {
      if (settled) return
      settled = true
      signal?.removeEventListener('abort', onAbort)
      for (const worker of workers) void worker.terminate()
      if (err) reject(err)
      else resolve(results)
    }
    const onAbort = (): void => {
      if (signal) stop(hashAborted(`${paths.length} files`, signal))
    }
    signal?.addEventListener('abort', onAbort, { once: true })

    // A throwing callback must reject this call, not surface as an uncaught error in a message handler.
    const report = (update: HashFilesProgress): void => {
      try {
        onProgress?.(update)
      } catch (err) {
        stop(err instanceof Error ? err : new Error(String(err)))
      }
    }

    const next = (worker: Worker): void => {
      const job = queue.shift()
      if (!job) {
        workers.delete(worker)
        void worker.terminate()
        if (workers.size === 0) stop()
        return
      }
      worker.postMessage({ id: job.id, path: paths[job.id], algorithms: names })
    }

    const onMessage = (worker: Worker, message: WorkerMessage): void => {
      if (settled) return
      const file = paths[message.id] ?? ''
      if (message.type === 'progress') {
        progress.bytesDone += message.bytes
        report({ ...progress })
      } else if (message.type === 'done') {
        results[message.id] = { path: file, size: message.size, digests: message.digests as Digests<A> }
        progress.filesDone++
        report({ ...progress, finished: file })
        if (!settled) next(worker)
      } else {
        const cause = Object.assign(new Error(message.message), { code: message.code })
        stop(new PostflightError('IO', `Could not hash ${file}: ${message.message}`, { cause, field: file }))
      }
    }

    const count = Math.min(concurrency, paths.length)
    for (let i = 0; i < count && !settled; i++) {
      let worker: Worker
      try {
        worker = new Worker(HASH_WORKER_SOURCE, {
          eval: true,
          workerData: { chunkSize: HASH_CHUNK_BYTES },
          resourceLimits: WORKER_LIMITS,
        })
      } catch (err) {
        stop(
          new PostflightError('INTERNAL', `Could not start a hash worker: ${describeError(err)}`, {
            cause: err,
          }),
        )
        return
      }
      workers.add(worker)
      worker.on('message', (message: WorkerMessage) => onMessage(worker, message))
      worker.on('error', (err) =>
        stop(new PostflightError('INTERNAL', `A hash worker failed: ${err.message}`, { cause: err })),
      )
      worker.on('exit', (code) => {
        if (workers.has(worker))
          stop(new PostflightError('INTERNAL', `A hash worker exited early (code ${code}).`))
      })
      next(worker)
    }
  })
}
