import { type HeaderPolicy, headersFor } from './header-policy.ts'
import { HttpError } from './http-error.ts'

const REDIRECTS = new Set([301, 302, 303, 307, 308])

export interface FollowOptions extends HeaderPolicy {
  signal?: AbortSignal
  /** Default 5. */
  maxRedirects?: number
}

interface Answer {
  status: number
  headers: Headers
}

/**
 * GET `url`, following redirects here rather than in the HTTP client, so the header policy is applied
 * to every hop: the token goes only to the API's origin. An https URL never redirects to plain http.
 * `send` makes one request; `discard` drops the body of a redirect.
 */
export async function followRedirects<R extends Answer>(
  url: string,
  options: FollowOptions,
  send: (url: URL, headers: Headers) => Promise<R>,
  discard: (response: R) => Promise<void>,
): Promise<{ response: R; url: URL }> {
  const maxRedirects = options.maxRedirects ?? 5
  let current = new URL(url)
  for (let hop = 0; ; hop++) {
    const response = await send(current, headersFor(current, options))
    const location = response.headers.get('location')
    if (!REDIRECTS.has(response.status) || !location) return { response, url: current }
    await discard(response)
    if (hop >= maxRedirects) {
      throw new HttpError(`${url}: more than ${maxRedirects} redirects`, { retryable: false })
    }
    const next = new URL(location, current)
    if (current.protocol === 'https:' && next.protocol !== 'https:') {
      throw new HttpError(`${current.origin} redirected to insecure ${next.origin}: refused`, {
        retryable: false,
      })
    }
    current = next
  }
}

/** `followRedirects` with fetch: for API requests, whose bodies are small. */
export function getFollowing(url: string, options: FollowOptions): Promise<{ response: Response; url: URL }> {
  return followRedirects(
    url,
    options,
    (next, headers) =>
      fetch(next, { headers, redirect: 'manual', ...(options.signal ? { signal: options.signal } : {}) }),
    async (response) => {
      await response.body?.cancel()
    },
  )
}
