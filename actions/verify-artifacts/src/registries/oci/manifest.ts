import type { Platform } from './platform.ts'

export const INDEX_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
]
export const MANIFEST_TYPES = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
]
/** Everything we can read, as the Accept header: without it some registries answer in schema 1. */
export const ACCEPT_MANIFEST = [...INDEX_TYPES, ...MANIFEST_TYPES].join(', ')

export interface Descriptor {
  mediaType?: string
  digest: string
  size?: number
  platform?: Platform
}

export interface ParsedManifest {
  mediaType: string
  /** An index's entries; empty for an image manifest. */
  manifests: Descriptor[]
  /** An image manifest's config blob (its os and architecture live there). */
  config?: Descriptor
}

/** Reads an index or an image manifest; the media type comes from the document, else the response. */
export function parseManifest(bytes: Buffer, contentType: string | null): ParsedManifest {
  const doc = JSON.parse(bytes.toString('utf8')) as {
    mediaType?: string
    manifests?: Descriptor[]
    config?: Descriptor
  }
  const mediaType = doc.mediaType ?? contentType?.split(';')[0]?.trim() ?? ''
  const isIndex = INDEX_TYPES.includes(mediaType) || (Array.isArray(doc.manifests) && !doc.config)
  return {
    mediaType,
    manifests: isIndex ? (doc.manifests ?? []) : [],
    ...(doc.config && !isIndex ? { config: doc.config } : {}),
  }
}

/**
 * The platforms an index offers. BuildKit stores its attestation manifests in the index as
 * `unknown/unknown`: they are not images anyone can run, so they are left out.
 */
export function indexPlatforms(manifest: ParsedManifest): Platform[] {
  return manifest.manifests
    .map((m) => m.platform)
    .filter((p): p is Platform => p !== undefined && p.os !== 'unknown' && p.architecture !== 'unknown')
}
