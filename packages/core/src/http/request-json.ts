import { type RetryOptions, retryWithInfo } from '../retry/index.ts'
import { getFollowing } from './follow.ts'
import type { HeaderPolicy } from './header-policy.ts'
import { HttpError, isRetryable, statusError } from './http-error.ts'
import { idleTimeout } from './idle-timeout.ts'

export interface RequestJsonOptions extends HeaderPolicy {
  signal?: AbortSignal
  /** Idle timeout per attempt. Default 30 s. */
  timeoutMs?: number
  retry?: Omit<RetryOptions, 'signal' | 'shouldRetry'>
}

export interface JsonResponse<T> {
  body: T
  headers: Headers
  url: string
  attempts: number
}

/**
 * GET a JSON document with the same retry and header policy as a download: network errors, 5xx, 429
 * and rate-limited 403s are retried (honouring Retry-After or x-ratelimit-reset); any other non-2xx
 * is thrown at once as an HttpError carrying the status (404 is NOT_FOUND).
 */
export async function requestJson<T>(
  url: string,
  options: RequestJsonOptions = {},
): Promise<JsonResponse<T>> {
  const { value, attempts } = await retryWithInfo(
    async (_n, outer) => {
      const idle = idleTimeout(options.timeoutMs ?? 30_000, outer)
      try {
        const { response, url: finalUrl } = await getFollowing(url, { ...options, signal: idle.signal })
        if (!response.ok) {
          await response.body?.cancel()
          throw statusError(response, `GET ${finalUrl.origin}${finalUrl.pathname}`)
        }
        const text = await response.text()
        try {
          return { body: JSON.parse(text) as T, headers: response.headers, url: finalUrl.href }
        } catch (err) {
          throw new HttpError(`GET ${finalUrl.pathname}: the body is not JSON`, {
            retryable: true,
            cause: err,
          })
        }
      } finally {
        idle.clear()
      }
    },
    {
      attempts: 5,
      baseMs: 500,
      maxMs: 10_000,
      ...options.retry,
      ...(options.signal ? { signal: options.signal } : {}),
      shouldRetry: isRetryable,
    },
  )
  return { ...value, attempts }
}

/** The `rel="next"` URL of an RFC 8288 `Link` header, as GitHub paginates. */
export function nextLink(link: string | null): string | undefined {
  if (!link) return undefined
  for (const part of link.split(',')) {
    const match = /<([^>]+)>\s*;(.*)$/.exec(part.trim())
    if (match?.[2] && /\brel="?([^";]*\s)?next(\s[^";]*)?"?/.test(match[2])) return match[1]
  }
  return undefined
}
