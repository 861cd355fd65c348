import { createHash } from 'node:crypto'
import { PostflightError } from '@postflight/core'
import { isIndex } from './media-types.ts'
import { formatImagePlatform } from './platform.ts'
import type { BlobStore, Descriptor, ImageConfig, PlatformImage } from './types.ts'

interface ManifestDocument {
  mediaType?: string
  manifests?: Descriptor[]
  config?: Descriptor
  layers?: Descriptor[]
}

export interface Resolution {
  multiArch: boolean
  images: PlatformImage[]
}

/** Nested indexes deeper than this are refused (a loop would otherwise never end). */
const MAX_DEPTH = 4

function parseDocument(bytes: Buffer, what: string): ManifestDocument {
  try {
    return JSON.parse(bytes.toString('utf8')) as ManifestDocument
  } catch (err) {
    throw new PostflightError('ARCHIVE', `${what} is not JSON`, { cause: err })
  }
}

/**
 * BuildKit stores provenance and SBOM attestations as index entries for platform unknown/unknown:
 * they are not images of the release and are skipped.
 */
function isAttestation(d: Descriptor): boolean {
  return (
    d.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest' ||
    (d.platform?.os === 'unknown' && d.platform.architecture === 'unknown')
  )
}

/**
 * Follows a top document (an OCI index / Docker manifest list, or a single manifest) down to every
 * platform's manifest and config. Layers are not read here.
 */
export async function resolveDocument(store: BlobStore, bytes: Buffer, digest: string): Promise<Resolution> {
  const images: PlatformImage[] = []
  const top = parseDocument(bytes, `${store.label}@${digest}`)
  const multiArch = isIndex(top.mediaType) || Array.isArray(top.manifests)
  await walk(store, top, digest, undefined, images, 0)
  return { multiArch, images }
}

async function walk(
  store: BlobStore,
  doc: ManifestDocument,
  digest: string,
  hint: Descriptor | undefined,
  out: PlatformImage[],
  depth: number,
): Promise<void> {
  if (depth > MAX_DEPTH)
    throw new PostflightError('ARCHIVE', `${store.label}: indexes nested deeper than ${MAX_DEPTH}`)
  if (Array.isArray(doc.manifests)) {
    for (const entry of doc.manifests) {
      if (isAttestation(entry)) continue
      const child = parseDocument(await store.readDocument(entry), `${store.label}@${entry.digest}`)
      await walk(store, child, entry.digest, entry, out, depth + 1)
    }
    return
  }
  if (!doc.config || !Array.isArray(doc.layers)) {
    throw new PostflightError(
      'ARCHIVE',
      `${store.label}@${digest}: neither an image index nor an image manifest`,
    )
  }
  const configBytes = await store.readDocument(doc.config)
  let config: ImageConfig
  try {
    config = JSON.parse(configBytes.toString('utf8')) as ImageConfig
  } catch (err) {
    throw new PostflightError('ARCHIVE', `${store.label}: config ${doc.config.digest} is not JSON`, {
      cause: err,
    })
  }
  const platform = formatImagePlatform({
    os: config.os ?? hint?.platform?.os ?? 'unknown',
    architecture: config.architecture ?? hint?.platform?.architecture ?? 'unknown',
    ...(config.variant || hint?.platform?.variant
      ? { variant: config.variant ?? hint?.platform?.variant }
      : {}),
  })
  out.push({ platform, manifestDigest: digest, config, configDigest: doc.config.digest, layers: doc.layers })
}

export function sha256Of(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`
}
