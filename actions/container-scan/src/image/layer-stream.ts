import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import zlib from 'node:zlib'
import { PostflightError } from '@postflight/core'
import tar from 'tar-stream'
import type { BlobStore, Descriptor } from './types.ts'
import { verifyingStream } from './verify-digest.ts'

export interface LayerEntry {
  /** Path inside the image, without a leading `/` or `./`. */
  path: string
  type: 'file' | 'directory' | 'symlink' | 'link' | 'other'
  size: number
  mode: number
  /** For a hard link, the path (inside the image) of the file it links to. */
  linkTo?: string
}

/** What a visitor does with one entry: it may read `body`, and must not hold on to it. */
export type EntryVisitor = (entry: LayerEntry, body: Readable) => Promise<void>

/**
 * The decompressor a layer's media type names: OCI `+gzip` / `+zstd`, Docker `.tar.gzip`; plain
 * tar otherwise (OCI `.tar`, Docker `rootfs.diff.tar`, `docker save` files).
 */
function decoderFor(mediaType: string): NodeJS.ReadWriteStream[] {
  if (/gzip$/.test(mediaType)) return [zlib.createGunzip()]
  if (/zstd$/.test(mediaType)) return [zlib.createZstdDecompress()]
  return []
}

function normalise(name: string): string {
  return name.replace(/^(\.\/|\/)+/, '').replace(/\/+$/, '')
}

function kindOf(type: string | null | undefined): LayerEntry['type'] {
  if (type === 'file' || type === 'contiguous-file' || !type) return 'file'
  if (type === 'directory') return 'directory'
  if (type === 'symlink') return 'symlink'
  if (type === 'link') return 'link'
  return 'other'
}

/**
 * Streams one layer: blob → digest check → decompression → tar entries, one at a time, never the
 * whole layer in memory. The digest is checked as the bytes pass; a mismatch fails the walk at the
 * layer's end, so what was collected from a tampered layer is discarded by the caller.
 */
export async function walkLayer(
  store: BlobStore,
  layer: Descriptor,
  signal: AbortSignal,
  visit: EntryVisitor,
  onBytes?: (read: number) => void,
): Promise<void> {
  const what = `${store.label} layer ${layer.digest}`
  const blob = await store.openBlob(layer, signal)
  const extract = tar.extract()
  const done = pipeline(
    [blob, verifyingStream(layer.digest, layer.size, what, onBytes), ...decoderFor(layer.mediaType), extract],
    {
      signal,
    },
  )
  // The loop below reports the first failure; this keeps a second one from going unhandled.
  done.catch(() => {})
  try {
    for await (const entry of extract) {
      const header = entry.header
      const item: LayerEntry = {
        path: normalise(header.name),
        type: kindOf(header.type),
        size: header.size ?? 0,
        mode: header.mode ?? 0,
        ...(header.type === 'link' && header.linkname ? { linkTo: normalise(header.linkname) } : {}),
      }
      await visit(item, entry as unknown as Readable)
      entry.resume()
    }
    await done
  } catch (err) {
    await done.catch(() => {})
    if (err instanceof PostflightError) throw err
    throw new PostflightError('ARCHIVE', `${what} could not be read: ${(err as Error).message}`, {
      cause: err,
    })
  }
}
