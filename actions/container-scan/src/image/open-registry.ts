import { PostflightError } from '@postflight/core'
import { dockerConfigCredentials, type RegistryCredentials } from './docker-config.ts'
import { parseImageReference } from './reference.ts'
import { RegistryStore } from './registry-store.ts'
import { resolveDocument, sha256Of } from './resolve.ts'
import type { ResolvedImage } from './types.ts'

export interface RegistryOpenOptions {
  username?: string
  password?: string
  signal: AbortSignal
  secret: (value: string) => void
  env?: NodeJS.ProcessEnv
}

/**
 * Resolves `image` (name:tag or name@digest) through the registry's API. Credentials come from
 * the inputs, else from docker's config.json, else none (anonymous, as public images need).
 */
export async function openRegistryImage(image: string, options: RegistryOpenOptions): Promise<ResolvedImage> {
  const ref = parseImageReference(image)
  let credentials: RegistryCredentials | undefined
  if (options.username !== undefined) {
    if (options.password === undefined) {
      throw new PostflightError(
        'BAD_INPUT',
        `input 'registry-password' is required with 'registry-username'`,
        {
          field: 'registry-password',
        },
      )
    }
    credentials = { username: options.username, password: options.password }
  } else {
    credentials = await dockerConfigCredentials(ref.host, options.env)
  }
  if (credentials) options.secret(credentials.password)
  const store = new RegistryStore({
    host: ref.host,
    repository: ref.repository,
    ...(credentials ? { credentials } : {}),
    signal: options.signal,
    secret: options.secret,
  })
  const wanted = ref.digest ?? ref.tag ?? 'latest'
  const { bytes } = await store.getManifest(wanted)
  const digest = sha256Of(bytes)
  if (ref.digest && digest !== ref.digest) {
    throw new PostflightError('NETWORK', `${store.label}: the registry served ${digest} for ${ref.digest}`)
  }
  const resolution = await resolveDocument(store, bytes, digest)
  return { name: image, digest, ...resolution, store }
}
