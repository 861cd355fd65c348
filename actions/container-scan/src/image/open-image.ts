import path from 'node:path'
import { openArchive } from './open-archive.ts'
import { daemonHasImage, openDaemonImage } from './open-daemon.ts'
import { openRegistryImage } from './open-registry.ts'
import { DOCKER_HUB, parseImageReference } from './reference.ts'
import type { ResolvedImage } from './types.ts'

export { formatImagePlatform, parseImagePlatform, platformMatches } from './platform.ts'
export type { BlobStore, Descriptor, ImageConfig, PlatformImage, ResolvedImage } from './types.ts'

export interface ImageSourceOptions {
  image?: string
  archive?: string
  username?: string
  password?: string
  workDir: string
  signal: AbortSignal
  secret: (value: string) => void
  env?: NodeJS.ProcessEnv
}

const DAEMON_PREFIX = 'docker-daemon:'

/**
 * Opens the image to scan. `archive` is an OCI layout or `docker save` file. `image` is read from
 * its registry, except `docker-daemon:name:tag`, and a name without a registry host that the local
 * daemon holds (an image just built with `docker build -t app:1.0`): those are read through
 * `docker save`.
 */
export async function openImage(options: ImageSourceOptions): Promise<ResolvedImage & { source: string }> {
  const { signal, workDir } = options
  if (options.archive) {
    return { ...(await openArchive(options.archive, path.join(workDir, 'image'), signal)), source: 'archive' }
  }
  const image = options.image ?? ''
  if (image.startsWith(DAEMON_PREFIX)) {
    const name = image.slice(DAEMON_PREFIX.length)
    return {
      ...(await openDaemonImage(name, path.join(workDir, 'image'), signal)),
      name: image,
      source: 'daemon',
    }
  }
  const ref = parseImageReference(image)
  const bareName =
    ref.host === DOCKER_HUB && !/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//.test(image)
  if (bareName && !ref.digest && (await daemonHasImage(image, signal))) {
    return { ...(await openDaemonImage(image, path.join(workDir, 'image'), signal)), source: 'daemon' }
  }
  const resolved = await openRegistryImage(image, {
    ...(options.username !== undefined ? { username: options.username } : {}),
    ...(options.password !== undefined ? { password: options.password } : {}),
    signal,
    secret: options.secret,
    ...(options.env ? { env: options.env } : {}),
  })
  return { ...resolved, source: 'registry' }
}
