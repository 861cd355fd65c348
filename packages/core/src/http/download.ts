import { type FileHandle, open } from 'node:fs/promises'
import { describeError, PostflightError } from '../errors.ts'
import { createMultiHash, type HashAlgorithm, type HashResult, type MultiHash } from '../hash/algorithms.ts'
import { type RetryOptions, retryWithInfo } from '../retry/index.ts'
import { getFollowing } from './follow.ts'
import type { HeaderPolicy } from './header-policy.ts'
import { HttpError, isRetryable, statusError } from './http-error.ts'
import { idleTimeout } from './idle-timeout.ts'

export interface DownloadProgress {
  bytesDone: number
  bytesTotal: number | undefined
}

export interface DownloadOptions<A extends HashAlgorithm> extends HeaderPolicy {
  /** Digests computed on the bytes as they are written: the file is never read back. */
  algorithms: readonly A[]
  /** The size the API announced; a different size fails the download. */
  expectedSize?: number
  signal?: AbortSignal
  /** Idle timeout per attempt (no headers, or no data, for this long). Default 30 s. */
  timeoutMs?: number
  /** Retry settings; by default 5 attempts retrying network errors, 5xx and 429. */
  retry?: Omit<RetryOptions, 'signal' | 'shouldRetry'>
  onProgress?: (p: DownloadProgress) => void
}

export interface DownloadResult<A extends HashAlgorithm> extends HashResult<A> {
  /** Attempts it took, 1 when the first one succeeded. */
  attempts: number
  /** How many attempts continued a partial transfer with Range instead of starting again. */
  resumes: number
  /** Where the bytes came from after redirects. */
  finalUrl: string
}

/** What has reached the file, hashed: kept across attempts so a resume continues both. */
interface Progress<A extends HashAlgorithm> {
  written: number
  hash: MultiHash<A>
  acceptsRanges: boolean
  resumes: number
  finalUrl: string
}

const CONTENT_RANGE = /^bytes (\d+)-(\d+)\/(\d+|\*)$/

/**
 * Downloads `url` to `file`, hashing the bytes in the same pass, following redirects itself (the
 * token only ever goes to `authOrigin`), retrying network errors, 5xx and 429 (honouring
 * Retry-After), resuming with Range when the server accepts ranges, and checking the announced size.
 */
export async function downloadToFile<A extends HashAlgorithm>(
  url: string,
  file: string,
  options: DownloadOptions<A>,
): Promise<DownloadResult<A>> {
  const handle = await open(file, 'w')
  const state: Progress<A> = {
    written: 0,
    hash: createMultiHash(options.algorithms),
    acceptsRanges: false,
    resumes: 0,
    finalUrl: url,
  }
  try {
    const { attempts } = await retryWithInfo((_n, signal) => attempt(url, handle, state, options, signal), {
      attempts: 5,
      baseMs: 500,
      maxMs: 10_000,
      ...options.retry,
      ...(options.signal ? { signal: options.signal } : {}),
      shouldRetry: isRetryable,
    })
    // No fsync: a download is scratch data that a crash makes us fetch again, and syncing a
    // gigabyte costs more than the transfer itself on loopback.
    return { ...state.hash.digest(), attempts, resumes: state.resumes, finalUrl: state.finalUrl }
  } finally {
    await handle.close()
  }
}

async function restart<A extends HashAlgorithm>(
  handle: FileHandle,
  state: Progress<A>,
  options: DownloadOptions<A>,
): Promise<void> {
  await handle.truncate(0)
  state.written = 0
  state.hash = createMultiHash(options.algorithms)
}

async function attempt<A extends HashAlgorithm>(
  url: string,
  handle: FileHandle,
  state: Progress<A>,
  options: DownloadOptions<A>,
  outer: AbortSignal,
): Promise<void> {
  const from = state.acceptsRanges ? state.written : 0
  if (from === 0 && state.written > 0) await restart(handle, state, options)
  const idle = idleTimeout(options.timeoutMs ?? 30_000, outer)
  try {
    const headers = { ...options.headers, ...(from > 0 ? { range: `bytes=${from}-` } : {}) }
    const { response, url: finalUrl } = await getFollowing(url, { ...options, headers, signal: idle.signal })
    state.finalUrl = finalUrl.href
    if (response.status !== 200 && response.status !== 206) {
      await response.body?.cancel()
      throw statusError(response, `GET ${redacted(finalUrl)}`)
    }
    if (from > 0 && response.status === 200) {
      // The server ignored Range: take the whole body again from byte 0.
      await restart(handle, state, options)
    } else if (response.status === 206) {
      const match = CONTENT_RANGE.exec(response.headers.get('content-range') ?? '')
      if (!match || Number(match[1]) !== from) {
        await response.body?.cancel()
        await restart(handle, state, options)
        throw new HttpError(
          `asked for bytes from ${from}, got Content-Range '${response.headers.get('content-range')}'`,
          { retryable: true },
        )
      }
      state.resumes++
    }
    state.acceptsRanges = response.headers.get('accept-ranges') === 'bytes'
    const length = response.headers.get('content-length')
    const total = length === null ? undefined : state.written + Number(length)
    checkSize(total, options.expectedSize, 'the server announced')
    await writeBody(response, handle, state, total, options, idle.touch)
    checkSize(state.written, options.expectedSize, 'received')
  } catch (err) {
    if (outer.aborted || err instanceof PostflightError) throw err
    const reason = idle.signal.aborted ? describeError(idle.signal.reason) : describeError(err)
    throw new HttpError(`GET ${redacted(new URL(url))} failed after ${state.written} bytes: ${reason}`, {
      retryable: true,
      cause: err,
    })
  } finally {
    idle.clear()
  }
}

/** Chunks are written in batches of about this size: one write per 64 KiB chunk costs a fifth of the time. */
const WRITE_BATCH = 1024 * 1024

async function writeBody<A extends HashAlgorithm>(
  response: Response,
  handle: FileHandle,
  state: Progress<A>,
  total: number | undefined,
  options: DownloadOptions<A>,
  touch: () => void,
): Promise<void> {
  if (!response.body) return
  let batch: Uint8Array[] = []
  let batched = 0
  const flush = async (): Promise<void> => {
    if (batched === 0) return
    const chunks = batch
    const size = batched
    batch = []
    batched = 0
    const writing = handle.writev(chunks, state.written)
    // Hash while the write is in flight; a failed write fails the download, so the hash never
    // describes bytes that are not on disk when a later attempt resumes.
    for (const chunk of chunks) state.hash.update(chunk)
    try {
      await writing
    } catch (err) {
      throw new HttpError(`could not write the download: ${describeError(err)}`, {
        retryable: false,
        code: 'IO',
        cause: err,
      })
    }
    state.written += size
    options.onProgress?.({ bytesDone: state.written, bytesTotal: total ?? options.expectedSize })
  }
  try {
    // Node's web stream is async-iterable; the cast keeps that true for tsc when a dependency's
    // types pull in lib.dom (pe-library's do), whose ReadableStream declares no async iterator.
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      touch()
      batch.push(chunk)
      batched += chunk.byteLength
      if (batched >= WRITE_BATCH) await flush()
    }
  } finally {
    // What arrived before a dropped connection is kept, so a resume continues after it.
    await flush()
  }
}

function checkSize(actual: number | undefined, expected: number | undefined, what: string): void {
  if (actual === undefined || expected === undefined || actual === expected) return
  // Not retried: the storage serves other bytes than the API describes, a property of the release.
  throw new HttpError(`${what} ${actual} bytes, the API announced ${expected}`, {
    retryable: false,
    code: 'IO',
  })
}

// Signed storage URLs carry credentials in the query: never log one.
function redacted(url: URL): string {
  return `${url.origin}${url.pathname}`
}
