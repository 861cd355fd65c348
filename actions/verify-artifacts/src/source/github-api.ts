import { type HeaderPolicy, nextLink, originOf, type RetryOptions, requestJson } from '@postflight/core'

export interface GithubApiOptions {
  /** e.g. https://api.github.com, or https://ghes.example/api/v3. */
  baseUrl: string
  token?: string
  signal?: AbortSignal
  retry?: Omit<RetryOptions, 'signal' | 'shouldRetry'>
}

/** A minimal GitHub REST client: JSON GETs, pagination by Link, and the header policy for downloads. */
export class GithubApi {
  readonly baseUrl: string
  readonly #options: GithubApiOptions

  constructor(options: GithubApiOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '')
    this.#options = options
  }

  /** Headers for any request: the token goes only to the API's own origin, never to where it redirects. */
  policy(accept = 'application/vnd.github+json'): HeaderPolicy {
    return {
      headers: { accept, 'x-github-api-version': '2022-11-28', 'user-agent': 'postflight-verify-artifacts' },
      authOrigin: originOf(this.baseUrl),
      ...(this.#options.token ? { authorization: `Bearer ${this.#options.token}` } : {}),
    }
  }

  /** Whether requests carry a token: drafts are visible only then. */
  get authenticated(): boolean {
    return Boolean(this.#options.token)
  }

  url(path: string): string {
    return `${this.baseUrl}${path}`
  }

  async get<T>(path: string): Promise<T> {
    return (await requestJson<T>(this.url(path), this.#request())).body
  }

  /** Every item of a paginated list, following `rel="next"` (100 per page, the most GitHub gives). */
  async paginate<T>(path: string): Promise<T[]> {
    const items: T[] = []
    let url: string | undefined = this.url(`${path}${path.includes('?') ? '&' : '?'}per_page=100`)
    while (url) {
      const page: Awaited<ReturnType<typeof requestJson<T[]>>> = await requestJson<T[]>(url, this.#request())
      items.push(...page.body)
      url = nextLink(page.headers.get('link'))
    }
    return items
  }

  #request() {
    return {
      ...this.policy(),
      ...(this.#options.signal ? { signal: this.#options.signal } : {}),
      ...(this.#options.retry ? { retry: this.#options.retry } : {}),
    }
  }
}
