import { describeError, PostflightError } from '../errors.ts'
import { checkAlgorithms, type HashAlgorithm, type HashResult } from '../hash/algorithms.ts'
import { type RetryOptions, retryWithInfo } from '../retry/index.ts'
import { fetchTransport } from './fetch-transport.ts'
import { followRedirects } from './follow.ts'
import { HashingFileSink } from './hashing-file-sink.ts'
import type { HeaderPolicy } from './header-policy.ts'
import { HttpError, isRetryable, statusError } from './http-error.ts'
import { idleTimeout } from './idle-timeout.ts'
import { socketTransport } from './socket-transport.ts'
import { type OpenResponse, proxyConfigured, type Transport } from './transport.ts'

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
  /** How each GET is sent; default the socket transport, or fetch when a proxy is configured. */
  transport?: Transport
}

export interface DownloadResult<A extends HashAlgorithm> extends HashResult<A> {
  /** Attempts it took, 1 when the first one succeeded. */
  attempts: number
  /** How many attempts continued a partial transfer with Range instead of starting again. */
  resumes: number
  /** Where the bytes came from after redirects. */
  finalUrl: string
}

/** What is known across attempts, so a resume continues the file and its hashes. */
interface Progress {
  acceptsRanges: boolean
  resumes: number
  finalUrl: string
}

const CONTENT_RANGE = /^bytes (\d+)-(\d+)\/(\d+|\*)$/

/** From this announced size on, hashing runs on a worker thread beside the transfer. */
const THREADED_FROM = 8 * 1024 * 1024

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
  checkAlgorithms(options.algorithms)
  checkRequest(url, options)
  const sink = new HashingFileSink(file, {
    algorithms: options.algorithms,
    threaded: (options.expectedSize ?? 0) >= THREADED_FROM,
    onWritten: (bytesDone) => options.onProgress?.({ bytesDone, bytesTotal: options.expectedSize }),
  })
  const state: Progress = { acceptsRanges: false, resumes: 0, finalUrl: url }
  try {
    const { attempts } = await retryWithInfo((_n, signal) => attempt(url, sink, state, options, signal), {
      attempts: 5,
      baseMs: 500,
      maxMs: 10_000,
      ...options.retry,
      ...(options.signal ? { signal: options.signal } : {}),
      shouldRetry: isRetryable,
    })
    // No fsync: a download is scratch data that a crash makes us fetch again, and syncing a
    // gigabyte costs more than the transfer itself on loopback.
    return { ...(await sink.digest()), attempts, resumes: state.resumes, finalUrl: state.finalUrl }
  } finally {
    await sink.close()
  }
}

async function attempt<A extends HashAlgorithm>(
  url: string,
  sink: HashingFileSink<A>,
  state: Progress,
  options: DownloadOptions<A>,
  outer: AbortSignal,
): Promise<void> {
  const from = state.acceptsRanges ? sink.written : 0
  if (from === 0 && sink.written > 0) sink.restart()
  const idle = idleTimeout(options.timeoutMs ?? 30_000, outer)
  const transport = options.transport ?? (proxyConfigured() ? fetchTransport : socketTransport)
  let response: OpenResponse | undefined
  try {
    const headers = { ...options.headers, ...(from > 0 ? { range: `bytes=${from}-` } : {}) }
    const followed = await followRedirects(
      url,
      { ...options, headers },
      (next, nextHeaders) => transport(next, nextHeaders, idle.signal),
      (redirect) => redirect.discard(),
    )
    response = followed.response
    const finalUrl = followed.url
    state.finalUrl = finalUrl.href
    if (response.status !== 200 && response.status !== 206) {
      throw statusError(response, `GET ${redacted(finalUrl)}`)
    }
    if (from > 0 && response.status === 200) {
      // The server ignored Range: take the whole body again from byte 0.
      sink.restart()
    } else if (response.status === 206) {
      const contentRange = response.headers.get('content-range')
      if (!continuesToEnd(contentRange, from, options.expectedSize)) {
        sink.restart()
        throw new HttpError(`asked for bytes from ${from} to the end, got Content-Range '${contentRange}'`, {
          retryable: true,
        })
      }
      state.resumes++
    }
    // A 206 shows ranges work even when it does not repeat Accept-Ranges (many servers send it on 200 only).
    state.acceptsRanges = response.status === 206 || response.headers.get('accept-ranges') === 'bytes'
    const length = response.headers.get('content-length')
    checkSize(
      length === null ? undefined : sink.written + Number(length),
      options.expectedSize,
      'the server announced',
    )
    // What arrives before a dropped connection stays written, so a resume continues after it.
    await response.readBody(sink, idle)
    checkSize(sink.written, options.expectedSize, 'received')
  } catch (err) {
    // Whatever refused the response, its connection goes with it (an open socket keeps the process).
    await response?.discard()
    if (outer.aborted || err instanceof PostflightError) throw err
    const reason = idle.signal.aborted ? describeError(idle.signal.reason) : describeError(err)
    throw new HttpError(`GET ${redacted(new URL(url))} failed after ${sink.written} bytes: ${reason}`, {
      retryable: true,
      cause: err,
    })
  } finally {
    idle.clear()
  }
}

/**
 * Bad input fails at once, not as five network retries: a URL that is not http(s) (the socket
 * transport would have sent it to port 80) and headers that Headers refuses (CR, LF or NUL in a value
 * cannot be injected into the request, but the refusal was a TypeError read as a network failure). The
 * message names the header, never its value: that may be the token.
 */
function checkRequest(url: string, options: HeaderPolicy): void {
  const parsed = URL.parse(url)
  if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
    throw new PostflightError(
      'BAD_INPUT',
      `a download URL must be http(s): '${parsed ? redacted(parsed) : url}'`,
    )
  }
  const named: Array<[string, string | undefined]> = [
    ...Object.entries(options.headers ?? {}),
    ['authorization', options.authorization],
  ]
  for (const [name, value] of named) {
    if (value === undefined) continue
    try {
      new Headers([[name, value]])
    } catch {
      throw new PostflightError(
        'BAD_INPUT',
        `the download header '${name}' is not a valid header (name or value)`,
      )
    }
  }
}

/**
 * Whether a 206 answers `Range: bytes=from-`: it starts at `from` and runs to the last byte of the
 * whole (a server may send less than asked, RFC 9110 14.4: taken as the rest, it passed a truncated
 * file). A 206 to a request without Range (from 0) is refused the same way.
 */
function continuesToEnd(
  contentRange: string | null,
  from: number,
  expectedSize: number | undefined,
): boolean {
  const match = CONTENT_RANGE.exec(contentRange ?? '')
  if (!match || from === 0 || match[3] === '*') return false
  const [first, last, total] = [Number(match[1]), Number(match[2]), Number(match[3])]
  return first === from && last === total - 1 && (expectedSize === undefined || total === expectedSize)
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
