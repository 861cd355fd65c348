import { PostflightError, type PostflightErrorCode } from '../errors.ts'
import { parseRetryAfter } from '../retry/retry-after.ts'

/**
 * A failed HTTP exchange. `retryable` tells the download and request loops whether another attempt
 * can help (network errors, 5xx, 429, a rate-limited 403); `retryAfterMs` is the server's own wait,
 * which `retry` honours over its backoff.
 */
export class HttpError extends PostflightError {
  override name = 'HttpError'
  readonly status: number | undefined
  readonly retryable: boolean
  readonly retryAfterMs: number | undefined

  constructor(
    message: string,
    options: {
      status?: number
      retryable: boolean
      retryAfterMs?: number
      code?: PostflightErrorCode
      cause?: unknown
    },
  ) {
    super(options.code ?? 'NETWORK', message, options.cause === undefined ? {} : { cause: options.cause })
    this.status = options.status
    this.retryable = options.retryable
    this.retryAfterMs = options.retryAfterMs
  }
}

/**
 * The wait a response asks for: `Retry-After`, or for GitHub's primary rate limit (`x-ratelimit-remaining: 0`)
 * the time until `x-ratelimit-reset` (epoch seconds).
 */
export function waitRequested(headers: Headers, now: number = Date.now()): number | undefined {
  const retryAfter = parseRetryAfter(headers.get('retry-after'), now)
  if (retryAfter !== undefined) return retryAfter
  if (headers.get('x-ratelimit-remaining') !== '0') return undefined
  const reset = Number(headers.get('x-ratelimit-reset'))
  return Number.isFinite(reset) && reset > 0 ? Math.max(0, reset * 1000 - now) : undefined
}

/** The error for a response that is not the one asked for; drains nothing (the caller cancels the body). */
export function statusError(
  response: { status: number; statusText: string; headers: Headers },
  what: string,
): HttpError {
  const { status } = response
  const wait = waitRequested(response.headers)
  // GitHub answers a rate-limited request with 403 (primary limit) or 429 (secondary): both pass with time.
  const rateLimited = status === 429 || (status === 403 && wait !== undefined)
  const retryable = rateLimited || status >= 500
  const hint = rateLimited ? ' (rate limited)' : ''
  return new HttpError(`${what}: HTTP ${status} ${response.statusText}${hint}`, {
    status,
    retryable,
    ...(wait === undefined ? {} : { retryAfterMs: wait }),
    code: status === 404 ? 'NOT_FOUND' : 'NETWORK',
  })
}

/** True when another attempt may succeed: an HttpError that says so, or any other error but an abort or bad input. */
export function isRetryable(err: unknown): boolean {
  if (err instanceof HttpError) return err.retryable
  if (err instanceof PostflightError) return !['ABORTED', 'BAD_INPUT', 'BAD_CONFIG'].includes(err.code)
  // fetch's own failures (TypeError: fetch failed, a body that ended early) are network trouble.
  return true
}
