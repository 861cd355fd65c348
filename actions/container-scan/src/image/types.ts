import type { Readable } from 'node:stream'

/** An OCI content descriptor (also the shape of Docker v2 descriptors). */
export interface Descriptor {
  mediaType: string
  digest: string
  size: number
  platform?: PlatformSpec
  annotations?: Record<string, string>
}

export interface PlatformSpec {
  os: string
  architecture: string
  variant?: string
}

/** The parts of an image config (OCI image-spec config.md) the policy reads. */
export interface ImageConfig {
  created?: string
  os?: string
  architecture?: string
  variant?: string
  config?: {
    User?: string
    Env?: string[] | null
    ExposedPorts?: Record<string, unknown> | null
    Labels?: Record<string, string> | null
    Healthcheck?: { Test?: string[] } | null
    Cmd?: string[] | null
    Entrypoint?: string[] | null
  }
  history?: Array<{ created?: string; created_by?: string; comment?: string; empty_layer?: boolean }>
  rootfs?: { type: string; diff_ids: string[] }
}

/** Where an image's documents and blobs are read from: a registry, an OCI layout, a docker archive. */
export interface BlobStore {
  /** What the reader is, for messages: `registry 127.0.0.1:5000/app`, `archive app.tar`. */
  readonly label: string
  /** A small document (manifest, index, config), its digest checked. */
  readDocument(descriptor: Pick<Descriptor, 'digest' | 'mediaType'>): Promise<Buffer>
  /** A blob as a stream; the caller checks its digest while reading it (see verifyingStream). */
  openBlob(descriptor: Descriptor, signal: AbortSignal): Promise<Readable>
}

/** One platform's image, ready to be read. */
export interface PlatformImage {
  /** `linux/amd64`, `linux/arm/v7`. */
  platform: string
  manifestDigest: string
  config: ImageConfig
  configDigest: string
  layers: Descriptor[]
}

/** What a reference or archive resolved to. */
export interface ResolvedImage {
  /** The reference or archive as the user named it. */
  name: string
  /** The digest of what the tag points at (the index when multi-arch), when known. */
  digest: string
  /** True when the top document is an OCI index or a Docker manifest list. */
  multiArch: boolean
  images: PlatformImage[]
  store: BlobStore
  /** Called when the scan is done: removes temporary files. */
  dispose?: () => Promise<void>
}
