import { Readable } from 'node:stream'
import { getFollowing, HttpError, isRetryable, PostflightError, retry, statusError } from '@postflight/core'
import { parseAuthChallenge } from './challenge.ts'
import type { RegistryCredentials } from './docker-config.ts'
import { IdleWatch } from './idle-watch.ts'
import { MANIFEST_ACCEPT } from './media-types.ts'
import { registryBaseUrl } from './reference.ts'
import { authorizationFor, refused, USER_AGENT } from './registry-auth.ts'
import type { BlobStore, Descriptor } from './types.ts'
import { checkDocumentDigest } from './verify-digest.ts'

/** Manifests are capped at 4 MiB by the distribution spec; configs are smaller still. */
const MAX_DOCUMENT_BYTES = 4 * 1024 * 1024

export interface RegistryStoreOptions {
  host: string
  repository: string
  credentials?: RegistryCredentials
  signal: AbortSignal
  secret: (value: string) => void
  /** Attempts per request (network errors, 5xx, 429). Default 4. */
  attempts?: number
  /** How long a request may go without receiving anything. Default 60 s. */
  idleMs?: number
}

/**
 * Reads one repository through the OCI distribution API: manifests by tag or digest, blobs
 * streamed. A 401 is answered once per store (see authorizationFor); the Authorization goes to the
 * registry's origin only, never to the storage a blob redirects to.
 */
export class RegistryStore implements BlobStore {
  readonly label: string
  readonly #base: string
  readonly #options: RegistryStoreOptions
  #authorization: string | undefined

  constructor(options: RegistryStoreOptions) {
    this.#options = options
    this.#base = registryBaseUrl(options.host)
    this.label = `${options.host}/${options.repository}`
  }

  /** GET a manifest by tag or digest: its bytes, the digest of those bytes, and its media type. */
  async getManifest(reference: string): Promise<{ bytes: Buffer; mediaType: string }> {
    const { response, watch } = await this.#get('manifests', reference, MANIFEST_ACCEPT)
    const bytes = await readCapped(response, `${this.label}:${reference}`).finally(() => watch.clear())
    const type = response.headers.get('content-type')?.split(';')[0]?.trim() ?? ''
    return { bytes, mediaType: type }
  }

  async readDocument(descriptor: Pick<Descriptor, 'digest' | 'mediaType'>): Promise<Buffer> {
    const kind = /manifest|index/.test(descriptor.mediaType) ? 'manifests' : 'blobs'
    const { response, watch } = await this.#get(
      kind,
      descriptor.digest,
      kind === 'manifests' ? MANIFEST_ACCEPT : '*/*',
    )
    const bytes = await readCapped(response, `${this.label}@${descriptor.digest}`).finally(() =>
      watch.clear(),
    )
    checkDocumentDigest(bytes, descriptor.digest, `${this.label}@${descriptor.digest}`)
    return bytes
  }

  async openBlob(descriptor: Descriptor, signal: AbortSignal): Promise<Readable> {
    const { response, watch } = await this.#get('blobs', descriptor.digest, '*/*', signal)
    if (!response.body) {
      watch.clear()
      throw new PostflightError('NETWORK', `${this.label}@${descriptor.digest}: empty body`)
    }
    const body = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>)
    const out = watch.passThrough()
    body.on('error', (err) => out.destroy(err))
    out.on('close', () => watch.clear())
    return body.pipe(out)
  }

  async #get(kind: 'manifests' | 'blobs', reference: string, accept: string, signal = this.#options.signal) {
    const url = `${this.#base}/v2/${this.#options.repository}/${kind}/${reference}`
    let { response, watch } = await this.#attempt(url, accept, signal)
    if (response.status === 401) {
      watch.clear()
      const challenge = parseAuthChallenge(response.headers.get('www-authenticate'))
      await response.body?.cancel()
      if (this.#authorization) throw refused(url, 'the credentials obtained were not accepted')
      this.#authorization = await authorizationFor(challenge, url, {
        repository: this.#options.repository,
        ...(this.#options.credentials ? { credentials: this.#options.credentials } : {}),
        signal,
        secret: this.#options.secret,
      })
      ;({ response, watch } = await this.#attempt(url, accept, signal))
      if (response.status === 401) {
        watch.clear()
        await response.body?.cancel()
        const what = this.#authorization.startsWith('Basic ')
          ? 'the credentials were not accepted (check registry-username and registry-password)'
          : 'the token obtained was not accepted (does it grant pull on this repository?)'
        throw refused(url, what)
      }
    }
    if (!response.ok) {
      watch.clear()
      await response.body?.cancel()
      const err = statusError(response, `GET ${url}`)
      if (response.status === 404) {
        throw new PostflightError(
          'NOT_FOUND',
          `${this.label}: ${kind.slice(0, -1)} ${reference} not found (HTTP 404)`,
        )
      }
      throw err
    }
    return { response, watch }
  }

  /** One request, retried on network errors, 5xx and 429; 401 and other statuses are returned. */
  #attempt(
    url: string,
    accept: string,
    signal: AbortSignal,
  ): Promise<{ response: Response; watch: IdleWatch }> {
    return retry(
      async () => {
        const watch = new IdleWatch(this.#options.idleMs ?? 60_000, `GET ${url}`, signal)
        const { response } = await getFollowing(url, {
          headers: { accept, 'user-agent': USER_AGENT },
          ...(this.#authorization
            ? { authorization: this.#authorization, authOrigin: new URL(this.#base).origin }
            : {}),
          signal: watch.signal,
        }).catch((err: unknown) => {
          watch.clear()
          // A stall is reported as the timeout it is, not as fetch's own abort error.
          throw watch.signal.aborted && !signal.aborted ? watch.signal.reason : err
        })
        if (response.status >= 500 || response.status === 429) {
          watch.clear()
          await response.body?.cancel()
          throw statusError(response, `GET ${url}`)
        }
        return { response, watch }
      },
      { attempts: this.#options.attempts ?? 4, baseMs: 300, maxMs: 5000, signal, shouldRetry: isRetryable },
    )
  }
}

async function readCapped(response: Response, what: string): Promise<Buffer> {
  const bytes = Buffer.from(await response.arrayBuffer())
  if (bytes.length > MAX_DOCUMENT_BYTES) {
    throw new HttpError(`${what}: ${bytes.length} bytes, more than a manifest can be`, { retryable: false })
  }
  return bytes
}
