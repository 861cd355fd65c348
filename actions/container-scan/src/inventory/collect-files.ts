import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { walkLayer } from '../image/layer-stream.ts'
import type { BlobStore, PlatformImage } from '../image/types.ts'
import { type GoBuildInfo, GoBuildInfoScanner } from './go-buildinfo.ts'
import { applyWhiteouts, parseWhiteout, type Whiteout } from './whiteout.ts'

/** A file an inventory parser reads, with the layer that last wrote it. */
export interface CollectedFile {
  data: Buffer
  layer: string
}

export interface CollectedGoBinary {
  info: GoBuildInfo
  layer: string
}

/** The image's final filesystem, reduced to the files the inventory reads. */
export interface ImageFiles {
  files: Map<string, CollectedFile>
  goBinaries: Map<string, CollectedGoBinary>
  /** Files that were too big to read (path → size). */
  skipped: Map<string, number>
  /** Files not read because the files already held reached the memory budget (path → size). */
  overBudget: Map<string, number>
  /** Package databases this reader sees but cannot read (the BerkeleyDB rpmdb of RHEL 8 and older). */
  unreadable: Set<string>
  /** Uncompressed bytes of all layers. */
  uncompressedBytes: number
}

const UNREADABLE = new Set(['var/lib/rpm/Packages'])

/** Bigger metadata files than this are not read (a dpkg status of thousands of packages is ~5 MB). */
const MAX_FILE_BYTES = 64 * 1024 * 1024
/**
 * All the files held at once stay under this: each file is capped above, but an image may hold any
 * number of them (thousands of package.json files), and the layers must stream in bounded memory.
 */
const MAX_HELD_BYTES = 192 * 1024 * 1024

export interface CollectLimits {
  fileBytes?: number
  totalBytes?: number
}

/** Bytes of the distinct buffers a map holds (a hard link shares its target's buffer). */
function heldBytes(maps: ReadonlyArray<Map<string, CollectedFile>>): number {
  const buffers = new Set<Buffer>()
  for (const m of maps) for (const f of m.values()) buffers.add(f.data)
  let n = 0
  for (const b of buffers) n += b.length
  return n
}

/** The files the parsers need: package databases, os-release, manifests of language packages. */
export function wanted(path: string): boolean {
  return (
    path === 'etc/os-release' ||
    path === 'usr/lib/os-release' ||
    path === 'etc/alpine-release' ||
    path === 'etc/debian_version' ||
    path === 'var/lib/dpkg/status' ||
    path.startsWith('var/lib/dpkg/status.d/') ||
    /^usr\/share\/doc\/[^/]+\/copyright$/.test(path) ||
    path === 'lib/apk/db/installed' ||
    path === 'var/lib/rpm/rpmdb.sqlite' ||
    path === 'usr/lib/sysimage/rpm/rpmdb.sqlite' ||
    /(^|\/)node_modules\/(@[^/]+\/)?[^/@.][^/]*\/package\.json$/.test(path) ||
    /\.dist-info\/METADATA$/.test(path) ||
    /\.egg-info\/PKG-INFO$/.test(path)
  )
}

async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of body) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/**
 * Streams every layer of one platform's image in order and keeps the files the inventory reads, as
 * the merged filesystem shows them: a later layer's file replaces an earlier one, whiteouts delete.
 * Executables are streamed through the Go build info scanner on the way.
 */
export async function collectImageFiles(
  store: BlobStore,
  image: PlatformImage,
  signal: AbortSignal,
  onProgress?: (layer: number, read: number) => void,
  limits: CollectLimits = {},
): Promise<ImageFiles> {
  const fileBytes = limits.fileBytes ?? MAX_FILE_BYTES
  const totalBytes = limits.totalBytes ?? MAX_HELD_BYTES
  const overBudget = new Map<string, number>()
  const files = new Map<string, CollectedFile>()
  const goBinaries = new Map<string, CollectedGoBinary>()
  const skipped = new Map<string, number>()
  const unreadable = new Set<string>()
  let uncompressedBytes = 0
  for (const [index, layer] of image.layers.entries()) {
    const whiteouts: Whiteout[] = []
    const upperFiles = new Map<string, CollectedFile>()
    const upperGo = new Map<string, CollectedGoBinary>()
    const replaced = new Set<string>()
    const upperSkipped = new Map<string, number>()
    const upperOver = new Map<string, number>()
    let held = heldBytes([files])
    await walkLayer(
      store,
      layer,
      signal,
      async (entry, body) => {
        uncompressedBytes += entry.size
        const whiteout = parseWhiteout(entry.path)
        if (whiteout) {
          whiteouts.push(whiteout)
          return
        }
        replaced.add(entry.path)
        // A hard link to a file read earlier (in this layer or below) is that file's content.
        if (entry.type === 'link' && entry.linkTo && wanted(entry.path)) {
          const target = upperFiles.get(entry.linkTo) ?? files.get(entry.linkTo)
          if (target) upperFiles.set(entry.path, { data: target.data, layer: layer.digest })
          return
        }
        if (entry.type !== 'file') return
        if (UNREADABLE.has(entry.path)) unreadable.add(entry.path)
        if (wanted(entry.path)) {
          if (entry.size > fileBytes) upperSkipped.set(entry.path, entry.size)
          else if (held + entry.size > totalBytes) upperOver.set(entry.path, entry.size)
          else {
            upperFiles.set(entry.path, { data: await readAll(body), layer: layer.digest })
            held += entry.size
          }
        } else if ((entry.mode & 0o111) !== 0 && entry.size > 64 * 1024) {
          const scanner = new GoBuildInfoScanner()
          await pipeline(body, scanner)
          const info = scanner.result()
          if (info) upperGo.set(entry.path, { info, layer: layer.digest })
        }
      },
      onProgress && ((read) => onProgress(index, read)),
    )
    applyWhiteouts(files, whiteouts)
    applyWhiteouts(goBinaries, whiteouts)
    applyWhiteouts(skipped, whiteouts)
    applyWhiteouts(overBudget, whiteouts)
    // Anything this layer wrote at a path hides what the layers below had there, whatever its type.
    for (const path of replaced) {
      files.delete(path)
      goBinaries.delete(path)
      skipped.delete(path)
      overBudget.delete(path)
    }
    for (const [path, size] of upperSkipped) skipped.set(path, size)
    for (const [path, size] of upperOver) overBudget.set(path, size)
    for (const [path, file] of upperFiles) files.set(path, file)
    for (const [path, bin] of upperGo) goBinaries.set(path, bin)
  }
  return { files, goBinaries, skipped, overBudget, unreadable, uncompressedBytes }
}
