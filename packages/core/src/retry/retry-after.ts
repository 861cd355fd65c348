import { PostflightError, type PostflightErrorCode } from '../errors.ts'

const DELTA_SECONDS = /^\d+$/

/**
 * Reads an HTTP `Retry-After` value as milliseconds from `now`: delta-seconds (`120`) or an HTTP date
 * (`Wed, 21 Oct 2015 07:28:00 GMT`). A date in the past gives 0; anything unreadable gives undefined.
 */
export function parseRetryAfter(
  header: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  const text = header?.trim()
  if (!text) return undefined
  if (DELTA_SECONDS.test(text)) {
    const ms = Number(text) * 1000
    return Number.isSafeInteger(ms) ? ms : undefined
  }
  // Only date-shaped text: Date.parse also accepts bare numbers like "1.5" as years.
  if (!/[a-z]/i.test(text)) return undefined
  const at = Date.parse(text)
  if (Number.isNaN(at)) return undefined
  return Math.max(0, at - now)
}

export interface RetryAfterErrorOptions {
  code?: PostflightErrorCode
  cause?: unknown
  field?: string
}

/** An error that says when to try again, e.g. an HTTP 429 or 503 with a `Retry-After` header. `retry` honours it. */
export class RetryAfterError extends PostflightError {
  override name = 'RetryAfterError'
  readonly retryAfterMs: number

  constructor(message: string, retryAfterMs: number, options: RetryAfterErrorOptions = {}) {
    super(options.code ?? 'NETWORK', message, options)
    this.retryAfterMs = retryAfterMs
  }
}

/** The wait an error asks for: `retryAfterMs` on a RetryAfterError or any error object carrying one. */
export function retryAfterOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null || !('retryAfterMs' in err)) return undefined
  const value = err.retryAfterMs
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined
}
