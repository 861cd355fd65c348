import type { IncomingMessage, ServerResponse } from 'node:http'

export type SendJson = (res: ServerResponse, op: string, status: number, body: unknown) => void

interface Route {
  op: string
  handle: (res: ServerResponse, auth: boolean, url: URL, req: IncomingMessage) => void
}

const OP = '/repos/{owner}/{repo}/attestations/{subject_digest}'

/**
 * GitHub artifact attestations by subject digest (`sha256:<hex>`): the Sigstore bundles a test
 * stored for that digest, in GitHub's list shape, or a 404 as GitHub answers a digest it holds none
 * for. `predicate_type` filters by the bundle's in-toto predicate type, as the real endpoint does.
 */
export class FakeAttestations {
  readonly #bundles = new Map<string, object[]>()
  readonly #repositoryId: number

  constructor(repositoryId = 1296269) {
    this.#repositoryId = repositoryId
  }

  /** Stores a bundle for `subjectDigest` (`sha256:<hex>`). */
  add(subjectDigest: string, bundle: object): void {
    const list = this.#bundles.get(subjectDigest) ?? []
    list.push(bundle)
    this.#bundles.set(subjectDigest, list)
  }

  route(repo: string, url: URL, send: SendJson): Route | undefined {
    const prefix = `/repos/${repo}/attestations/`
    if (!url.pathname.startsWith(prefix)) return undefined
    const digest = decodeURIComponent(url.pathname.slice(prefix.length))
    return {
      op: OP,
      handle: (res) => {
        const wanted = url.searchParams.get('predicate_type')
        const bundles = (this.#bundles.get(digest) ?? []).filter(
          (b) => wanted === null || predicateType(b) === wanted,
        )
        if (bundles.length === 0) {
          send(res, OP, 404, {
            message: 'Not Found',
            documentation_url: 'https://docs.github.com/rest/repos/repos#list-attestations',
            status: '404',
          })
          return
        }
        send(res, OP, 200, {
          attestations: bundles.map((bundle) => ({ bundle, repository_id: this.#repositoryId })),
        })
      },
    }
  }
}

function predicateType(bundle: object): string | undefined {
  const payload = (bundle as { dsseEnvelope?: { payload?: string } }).dsseEnvelope?.payload
  if (payload === undefined) return undefined
  try {
    return JSON.parse(Buffer.from(payload, 'base64').toString('utf8')).predicateType
  } catch {
    return undefined
  }
}
