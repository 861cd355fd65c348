import { type HeaderPolicy, headersFor } from './header-policy.ts'
import { HttpError } from './http-error.ts'

const REDIRECTS = new Set([301, 302, 303, 307, 308])

export interface FollowOptions extends HeaderPolicy {
  signal?: AbortSignal
  /** Default 5. */
  maxRedirects?: number
}

/**
 * GET `url`, following redirects here rather than in fetch, so the header policy is applied to every
 * hop: the token goes only to the API's origin. An https URL never redirects to plain http.
 */
export async function getFollowing(
  url: string,
  options: FollowOptions,
): Promise<{ response: Response; url: URL }> {
  const maxRedirects = options.maxRedirects ?? 5
  let current = new URL(url)
  for (let hop = 0; ; hop++) {
    const response = await fetch(current, {
      headers: headersFor(current, options),
      redirect: 'manual',
      ...(options.signal ? { signal: options.signal } : {}),
    })
    const location = response.headers.get('location')
    if (!REDIRECTS.has(response.status) || !location) return { response, url: current }
    await response.body?.cancel()
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
