import { createHash } from 'node:crypto'
import {
  getFollowing,
  HttpError,
  isRetryable,
  PostflightError,
  requestJson,
  retryWithInfo,
  statusError,
} from '@postflight/core'
import { USER_AGENT } from '../fetch-json.ts'
import type { RegistryContext } from '../types.ts'
import { type Challenge, parseChallenge } from './challenge.ts'

/** The distribution spec caps manifests at 4 MiB; a config blob is smaller still. */
const MAX_DOCUMENT_BYTES = 4 * 1024 * 1024

export interface Fetched {
  bytes: Buffer
  /** sha256 of the bytes received: the content address, whatever the server's headers say. */
  digest: string
  headers: Headers
  attempts: number
}

export interface OciClientOptions {
  username?: string
  password?: string
}

/**
 * A read-only client of the OCI distribution API for one repository. It answers a 401 the way
 * docker does: a Bearer challenge sends it to the token service the registry names (anonymously, or
 * with Basic credentials sent to that service only), a Basic challenge gets the credentials. The
 * resulting Authorization goes to the registry's own origin only, never to the storage a blob
 * redirects to.
 */
export class OciClient {
  readonly #base: string
  readonly #repository: string
  readonly #options: OciClientOptions
  readonly #ctx: RegistryContext
  #authorization: string | undefined

  constructor(base: string, repository: string, options: OciClientOptions, ctx: RegistryContext) {
    this.#base = base
    this.#repository = repository
    this.#options = options
    this.#ctx = ctx
  }

  /** GETs `/v2/<repository>/<kind>/<reference>`; undefined when the registry says 404. */
  async get(kind: 'manifests' | 'blobs', reference: string, accept: string): Promise<Fetched | undefined> {
    const url = `${this.#base}/v2/${this.#repository}/${kind}/${reference}`
    let answer = await this.#attempt(url, accept)
    if (answer.kind === 'unauthorized') {
      if (this.#authorization) throw refused(url, 'the credentials obtained were not accepted')
      this.#authorization = await this.#authenticate(answer.challenge, url)
      answer = await this.#attempt(url, accept)
      if (answer.kind === 'unauthorized') throw refused(url, 'the token obtained was not accepted')
    }
    return answer.kind === 'ok' ? answer.fetched : undefined
  }

  async #attempt(
    url: string,
    accept: string,
  ): Promise<
    | { kind: 'ok'; fetched: Fetched }
    | { kind: 'not-found' }
    | { kind: 'unauthorized'; challenge: Challenge | undefined }
  > {
    const { value, attempts } = await retryWithInfo(
      async () => {
        const { response, url: finalUrl } = await getFollowing(url, {
          headers: { accept, 'user-agent': USER_AGENT },
          ...(this.#authorization
            ? { authorization: this.#authorization, authOrigin: new URL(this.#base).origin }
            : {}),
          signal: this.#ctx.signal,
        })
        if (response.status === 401) {
          await response.body?.cancel()
          return {
            kind: 'unauthorized' as const,
            challenge: parseChallenge(response.headers.get('www-authenticate')),
          }
        }
        if (response.status === 404) {
          await response.body?.cancel()
          return { kind: 'not-found' as const }
        }
        if (!response.ok) {
          await response.body?.cancel()
          throw statusError(response, `GET ${finalUrl.origin}${finalUrl.pathname}`)
        }
        const bytes = Buffer.from(await response.arrayBuffer())
        if (bytes.length > MAX_DOCUMENT_BYTES) {
          throw new HttpError(`${finalUrl.pathname}: ${bytes.length} bytes, more than a manifest can be`, {
            retryable: false,
          })
        }
        const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`
        return { kind: 'ok' as const, bytes, digest, headers: response.headers }
      },
      {
        attempts: 5,
        baseMs: 500,
        maxMs: 10_000,
        ...this.#ctx.retry,
        signal: this.#ctx.signal,
        shouldRetry: isRetryable,
      },
    )
    if (value.kind !== 'ok') return value
    const { kind, ...fetched } = value
    return { kind, fetched: { ...fetched, attempts } }
  }

  /** The Authorization header the challenge asks for. */
  async #authenticate(challenge: Challenge | undefined, url: string): Promise<string> {
    const { username, password } = this.#options
    const basic =
      username !== undefined
        ? `Basic ${Buffer.from(`${username}:${password ?? ''}`).toString('base64')}`
        : undefined
    this.#ctx.secrets?.add(basic)
    if (challenge?.scheme === 'basic') {
      if (!basic) throw refused(url, 'the registry asks for credentials (Basic) and none were given')
      return basic
    }
    const realm = challenge?.params.realm
    if (challenge?.scheme !== 'bearer' || !realm) {
      throw refused(url, `the registry answered 401 without a Bearer or Basic challenge`)
    }
    const tokenUrl = new URL(realm)
    if (challenge.params.service) tokenUrl.searchParams.set('service', challenge.params.service)
    tokenUrl.searchParams.set('scope', challenge.params.scope ?? `repository:${this.#repository}:pull`)
    const { body } = await requestJson<{ token?: string; access_token?: string }>(tokenUrl.href, {
      headers: { accept: 'application/json', 'user-agent': USER_AGENT },
      // The credentials are for the token service only, whichever host it is on.
      ...(basic ? { authorization: basic, authOrigin: tokenUrl.origin } : {}),
      signal: this.#ctx.signal,
      ...(this.#ctx.retry ? { retry: this.#ctx.retry } : {}),
    }).catch((err: unknown) => {
      throw new PostflightError('NETWORK', `the token service ${tokenUrl.origin} gave no token`, {
        cause: err,
      })
    })
    const token = body.token ?? body.access_token
    if (!token) throw refused(url, `the token service ${tokenUrl.origin} answered without a token`)
    this.#ctx.secrets?.add(token)
    return `Bearer ${token}`
  }
}

function refused(url: string, why: string): PostflightError {
  return new PostflightError('NETWORK', `GET ${url}: HTTP 401 Unauthorized: ${why}`)
}
