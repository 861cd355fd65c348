import { PostflightError } from '@postflight/core'

export interface ImageReference {
  /** `host[:port]`; Docker Hub's API host for a name without one. */
  host: string
  repository: string
  tag?: string
  digest?: string
}

export const DOCKER_HUB = 'registry-1.docker.io'

/**
 * Splits `[host[:port]/]path[:tag][@digest]` as the docker CLI does: the first part is a host only
 * when it has a `.` or a `:` or is `localhost`; a bare Docker Hub name goes under `library/`.
 */
export function parseImageReference(ref: string, field = 'image'): ImageReference {
  const bad = (why: string) =>
    new PostflightError(
      'BAD_INPUT',
      `input '${field}': '${ref}' ${why} (expected e.g. ghcr.io/acme/app:1.2.3)`,
      {
        field,
      },
    )
  const text = ref.trim().replace(/^docker:\/\//, '')
  if (!text) throw bad('is empty')
  const at = text.indexOf('@')
  const named = at === -1 ? text : text.slice(0, at)
  const digest = at === -1 ? undefined : text.slice(at + 1)
  const slash = named.indexOf('/')
  const first = slash === -1 ? '' : named.slice(0, slash)
  const isHost = first.includes('.') || first.includes(':') || first === 'localhost'
  // docker.io and index.docker.io are Docker Hub's names; its API answers on registry-1.docker.io.
  const host = !isHost || first === 'docker.io' || first === 'index.docker.io' ? DOCKER_HUB : first
  let path = isHost ? named.slice(slash + 1) : named
  let tag: string | undefined
  const colon = path.lastIndexOf(':')
  if (colon !== -1) {
    tag = path.slice(colon + 1)
    path = path.slice(0, colon)
  }
  if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(path)) {
    throw bad('has no valid repository name')
  }
  if (tag !== undefined && !/^\w[\w.-]{0,127}$/.test(tag)) throw bad(`has an invalid tag '${tag}'`)
  if (digest !== undefined && !/^sha256:[a-f0-9]{64}$/.test(digest))
    throw bad(`has an invalid digest '${digest}'`)
  const repository = host === DOCKER_HUB && !path.includes('/') ? `library/${path}` : path
  return {
    host,
    repository,
    ...(tag || !digest ? { tag: tag ?? 'latest' } : {}),
    ...(digest ? { digest } : {}),
  }
}

/** https, except for a loopback registry, which docker also reaches over plain http. */
export function registryBaseUrl(host: string): string {
  const name = host.replace(/:\d+$/, '')
  const loopback = name === 'localhost' || name === '127.0.0.1' || name === '[::1]'
  return `${loopback ? 'http' : 'https'}://${host}`
}
