import { HttpError, isPostflightError, PostflightError, requestJson } from '@postflight/core'
import type { RegistryContext } from './types.ts'

/** Registries such as crates.io refuse requests that do not say who makes them. */
export const USER_AGENT = 'postflight-registry-check (+https://github.com/postflight)'

export interface FetchJsonOptions {
  authorization?: string
  headers?: Record<string, string>
  /** What to do about a 401 or 403, e.g. `give npm-token`: a private registry refuses anonymous reads. */
  credentialsHint?: string
}

/**
 * GETs a registry's JSON document, retried like every request of Postflight. A 404 is an answer —
 * the registry does not have it, which the caller turns into a `fail` — and comes back as
 * `undefined`; anything else that goes wrong (down, 5xx after retries, not JSON) is thrown, which
 * `suite.run` records as `error`: the tool could not do its job.
 */
export async function fetchJson<T>(
  url: string,
  ctx: RegistryContext,
  options: FetchJsonOptions = {},
): Promise<{ body: T; attempts: number } | undefined> {
  try {
    const response = await requestJson<T>(url, {
      signal: ctx.signal,
      headers: { accept: 'application/json', 'user-agent': USER_AGENT, ...options.headers },
      ...(options.authorization
        ? { authorization: options.authorization, authOrigin: new URL(url).origin }
        : {}),
      ...(ctx.retry ? { retry: ctx.retry } : {}),
    })
    return { body: response.body, attempts: response.attempts }
  } catch (err) {
    if (isPostflightError(err, 'NOT_FOUND')) return undefined
    if (err instanceof HttpError && (err.status === 401 || err.status === 403) && options.credentialsHint) {
      throw new PostflightError('NETWORK', `${err.message}: ${options.credentialsHint}`, { cause: err })
    }
    throw err
  }
}

/** A base URL without its trailing slashes, so paths can be appended with `/`. */
export function baseUrl(url: string): string {
  return url.replace(/\/+$/, '')
}
