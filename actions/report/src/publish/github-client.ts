import {
  HttpError,
  headersFor,
  isRetryable,
  nextLink,
  originOf,
  type RetryOptions,
  requestJson,
  retryWithInfo,
  statusError,
} from '@postflight/core'
import { PUBLISH_ATTEMPT_MS } from './publish-timeout.ts'

export interface GithubClientOptions {
  /** e.g. https://api.github.com, or https://ghes.example/api/v3. */
  baseUrl: string
  token: string
  signal?: AbortSignal
  retry?: Omit<RetryOptions, 'signal' | 'shouldRetry'>
}

/**
 * The few REST calls publishing makes. Reads go through core's requestJson; writes are sent here
 * with the same policy: the token only to the API's own origin, 5xx, 429 and rate-limited 403s
 * retried with backoff, and GitHub's own error message kept (a 403's "Resource not accessible by
 * integration" is what tells a missing permission from anything else).
 */
export class GithubClient {
  readonly baseUrl: string
  readonly #options: GithubClientOptions

  constructor(options: GithubClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '')
    this.#options = options
  }

  async get<T>(path: string): Promise<T> {
    return (await requestJson<T>(`${this.baseUrl}${path}`, this.#policy())).body
  }

  /** Every item of a paginated list, following `rel="next"` at 100 a page. */
  async paginate<T>(path: string): Promise<T[]> {
    const items: T[] = []
    let url: string | undefined = `${this.baseUrl}${path}${path.includes('?') ? '&' : '?'}per_page=100`
    while (url) {
      const page: { body: T[]; headers: Headers } = await requestJson<T[]>(url, this.#policy())
      items.push(...page.body)
      url = nextLink(page.headers.get('link'))
    }
    return items
  }

  /**
   * POST or PATCH a JSON body. Retrying a POST can in principle create twice what a lost response
   * hid; the callers that create (comment, issue) find their own by marker on the next run, so a
   * duplicate does not multiply.
   */
  async send<T>(method: 'POST' | 'PATCH', path: string, body: unknown): Promise<T> {
    const url = `${this.baseUrl}${path}`
    const policy = this.#policy()
    const { value } = await retryWithInfo(
      async (_n, signal) => {
        const headers = headersFor(url, policy)
        headers.set('content-type', 'application/json')
        // No redirects followed for a write: the body and the token stay with the API.
        const response = await fetch(url, {
          method,
          headers,
          body: JSON.stringify(body),
          redirect: 'manual',
          // Bounded per attempt: publishing never gates the verdict, so it must not hold the job either.
          signal: AbortSignal.any([signal, AbortSignal.timeout(PUBLISH_ATTEMPT_MS)]),
        })
        const text = await response.text()
        if (!response.ok) throw withGithubMessage(statusError(response, `${method} ${path}`), text)
        return JSON.parse(text) as T
      },
      {
        attempts: 4,
        baseMs: 1000,
        maxMs: 10_000,
        ...this.#options.retry,
        ...(this.#options.signal ? { signal: this.#options.signal } : {}),
        shouldRetry: isRetryable,
      },
    )
    return value
  }

  #policy() {
    return {
      headers: {
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
        'user-agent': 'postflight-report',
      },
      authorization: `Bearer ${this.#options.token}`,
      authOrigin: originOf(this.baseUrl),
      ...(this.#options.signal ? { signal: this.#options.signal } : {}),
      ...(this.#options.retry ? { retry: this.#options.retry } : {}),
    }
  }
}

/** The HttpError with GitHub's `message` appended: `POST /…: HTTP 403 Forbidden: Resource not accessible by integration`. */
function withGithubMessage(err: HttpError, text: string): HttpError {
  let message: string | undefined
  try {
    message = (JSON.parse(text) as { message?: unknown }).message as string | undefined
  } catch {
    // Not JSON (a proxy's HTML page): the status line says enough.
  }
  if (typeof message !== 'string' || message === '') return err
  return new HttpError(`${err.message}: ${message.slice(0, 300)}`, {
    ...(err.status === undefined ? {} : { status: err.status }),
    retryable: err.retryable,
    ...(err.retryAfterMs === undefined ? {} : { retryAfterMs: err.retryAfterMs }),
    code: err.code,
  })
}

/**
 * True when GitHub refused for lack of permission rather than trouble: a 403 that is not a rate
 * limit (a fork PR's read-only token, a missing `permissions:` entry), or a 401/404 on a write.
 */
export function isPermissionError(err: unknown): boolean {
  if (!(err instanceof HttpError) || err.retryable) return false
  return err.status === 403 || err.status === 401
}
