/** The origin (scheme, host, port) of a URL, as the fetch spec compares them: `https://api.github.com`. */
export function originOf(url: string | URL): string {
  return new URL(url).origin
}

export interface HeaderPolicy {
  /** Headers sent to every origin (Accept, User-Agent, Range). */
  headers?: Record<string, string>
  /** The `Authorization` value, e.g. `Bearer …`. */
  authorization?: string
  /** The only origin that may receive `authorization`: the API's own. */
  authOrigin?: string
}

/**
 * The headers for one request: `Authorization` only when `url` has exactly the API's origin. A
 * release asset redirects to a storage host (another origin) that must never see the token: it
 * would leak into that host's logs, and a signed storage URL rejects an extra credential anyway.
 */
export function headersFor(url: string | URL, policy: HeaderPolicy): Headers {
  const headers = new Headers(policy.headers)
  // A caller-supplied Authorization in `headers` is not trusted to follow the policy either.
  headers.delete('authorization')
  if (policy.authorization && policy.authOrigin && originOf(url) === policy.authOrigin) {
    headers.set('authorization', policy.authorization)
  }
  return headers
}
