import { type RetryOptions, retryWithInfo } from '../retry/index.ts'
import { getFollowing } from './follow.ts'
import { type HeaderPolicy, headersFor } from './header-policy.ts'
import { HttpError, isRetryable, statusError } from './http-error.ts'
import { idleTimeout } from './idle-timeout.ts'

export interface RequestJsonOptions extends HeaderPolicy {
  signal?: AbortSignal
  /** Idle timeout per attempt. Default 30 s. */
  timeoutMs?: number
  retry?: Omit<RetryOptions, 'signal' | 'shouldRetry'>
  /**
   * A body to POST as JSON instead of a GET, for query endpoints that are safe to repeat (a Rekor
   * search). Redirects are not followed: a 3xx is an error, as a POST must not be replayed elsewhere.
   */
  json?: unknown
}

export interface JsonResponse<T> {
  body: T
  headers: Headers
  url: string
  attempts: number
}

/**
 * GET (or with `json`, POST for) a JSON document with the same retry and header policy as a download: network errors, 5xx, 429
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
        const method = options.json === undefined ? 'GET' : 'POST'
        const { response, url: finalUrl } =
          options.json === undefined
            ? await getFollowing(url, { ...options, signal: idle.signal })
            : await postJson(url, options.json, { ...options, signal: idle.signal })
        if (!response.ok) {
          await response.body?.cancel()
          throw statusError(response, `${method} ${finalUrl.origin}${finalUrl.pathname}`)
        }
        const text = await response.text()
        try {
          return { body: JSON.parse(text) as T, headers: response.headers, url: finalUrl.href }
        } catch (err) {
          throw new HttpError(`${method} ${finalUrl.pathname}: the body is not JSON`, {
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

async function postJson(
  url: string,
  body: unknown,
  options: HeaderPolicy & { signal: AbortSignal },
): Promise<{ response: Response; url: URL }> {
  const target = new URL(url)
  const headers = headersFor(target, options)
  headers.set('content-type', 'application/json')
  const response = await fetch(target, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
    redirect: 'manual',
    signal: options.signal,
  })
  return { response, url: target }
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
