import { PostflightError } from '@postflight/core'

export interface ImageReference {
  /** `host[:port]` as written, Docker Hub's API host for a bare name. */
  host: string
  repository: string
  /** A tag or a `sha256:` digest: what to ask `/v2/<repository>/manifests/` for. */
  reference: string
}

const DOCKER_HUB = 'registry-1.docker.io'

/**
 * Splits `host[:port]/path/name[:tag][@digest]` as the docker CLI does: the first part is a host
 * only when it has a `.` or `:` or is `localhost`; a bare name lives on Docker Hub, under
 * `library/` when it has no slash. No tag means `latest`.
 */
export function parseImageReference(ref: string): ImageReference {
  const bad = (why: string) =>
    new PostflightError('BAD_INPUT', `oci-image '${ref}': ${why} (expected e.g. ghcr.io/acme/app:1.2.3)`, {
      field: 'oci-image',
    })
  const trimmed = ref.trim().replace(/^docker:\/\//, '')
  if (!trimmed) throw bad('empty')
  const [beforeDigest = '', digest] = trimmed.split('@', 2)
  const slash = beforeDigest.indexOf('/')
  const first = slash === -1 ? '' : beforeDigest.slice(0, slash)
  const isHost = first !== '' && (first.includes('.') || first.includes(':') || first === 'localhost')
  const host = isHost ? first : DOCKER_HUB
  let rest = isHost ? beforeDigest.slice(slash + 1) : beforeDigest
  let tag: string | undefined
  const colon = rest.lastIndexOf(':')
  if (colon !== -1) {
    tag = rest.slice(colon + 1)
    rest = rest.slice(0, colon)
  }
  if (!/^[a-z0-9]+([._-]+[a-z0-9]+)*(\/[a-z0-9]+([._-]+[a-z0-9]+)*)*$/.test(rest))
    throw bad('not a repository name')
  if (tag !== undefined && !/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag))
    throw bad(`'${tag}' is not a tag`)
  if (digest !== undefined && !/^sha256:[0-9a-f]{64}$/.test(digest))
    throw bad(`'${digest}' is not a sha256 digest`)
  const repository = host === DOCKER_HUB && !rest.includes('/') ? `library/${rest}` : rest
  return { host, repository, reference: digest ?? tag ?? 'latest' }
}

/**
 * The registry's base URL: the override when given (a mirror, or a plain-HTTP registry), else
 * https — except on loopback, which the docker CLI also treats as an insecure registry.
 */
export function registryBase(image: ImageReference, override?: string): string {
  if (override) return override.replace(/\/+$/, '')
  const hostname = image.host.replace(/:\d+$/, '')
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(hostname)
  return `${loopback ? 'http' : 'https'}://${image.host}`
}
