import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { extractArchive, PostflightError } from '@postflight/core'
import { LayoutStore } from './layout-store.ts'
import { DOCKER_MANIFEST } from './media-types.ts'
import { resolveDocument, sha256Of } from './resolve.ts'
import type { Descriptor, ResolvedImage } from './types.ts'

interface SaveManifestEntry {
  Config: string
  RepoTags?: string[] | null
  Layers: string[]
}

/**
 * A file named inside the archive (manifest.json's Config and Layers): it must stay inside the
 * archive's root, or a crafted archive could make the scan read any file on the runner.
 */
function inside(root: string, entry: unknown, archive: string, what: string): string {
  const file = typeof entry === 'string' ? path.resolve(root, entry) : ''
  const rel = file ? path.relative(path.resolve(root), file) : ''
  if (!file || rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new PostflightError(
      'BAD_INPUT',
      `input 'archive': ${archive} manifest.json names ${what} ${JSON.stringify(entry)} outside the archive`,
      { field: 'archive' },
    )
  }
  return file
}

/** A JSON file of the archive; one that is missing or not JSON is bad input naming the file. */
async function readArchiveJson<T>(
  root: string,
  name: string,
  archive: string,
): Promise<{ bytes: Buffer; value: T }> {
  try {
    const bytes = await readFile(path.join(root, name))
    return { bytes, value: JSON.parse(bytes.toString('utf8')) as T }
  } catch (err) {
    throw new PostflightError(
      'BAD_INPUT',
      `input 'archive': ${archive}: ${name} cannot be read as JSON: ${(err as Error).message}`,
      { field: 'archive', cause: err },
    )
  }
}

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  )

/**
 * Opens the `archive` input: an OCI image layout (a folder, or a tar of one) or a `docker save`
 * archive. A tar is unpacked safely into `workDir` first (no path or link escapes); layers are then
 * streamed from disk. A `docker save` archive is read from its OCI layout when it has one (Docker
 * 25+), else from its `manifest.json`.
 */
export async function openArchive(
  archive: string,
  workDir: string,
  signal: AbortSignal,
): Promise<ResolvedImage> {
  const info = await stat(archive).catch((err: unknown) => {
    throw new PostflightError('BAD_INPUT', `input 'archive': ${archive} does not exist`, {
      field: 'archive',
      cause: err,
    })
  })
  let root = archive
  if (!info.isDirectory()) {
    root = path.join(workDir, 'archive')
    const extraction = await extractArchive(archive, root, { signal, format: 'tar' }).catch(
      (err: unknown) => {
        throw new PostflightError('BAD_INPUT', `input 'archive': ${archive} is not a tar archive`, {
          field: 'archive',
          cause: err,
        })
      },
    )
    if (!extraction.ok) {
      const why = extraction.problem?.message ?? `${extraction.skipped.length} unsafe entries`
      throw new PostflightError('BAD_INPUT', `input 'archive': ${archive} could not be read whole: ${why}`, {
        field: 'archive',
      })
    }
    root = extraction.destDir
  }
  const label = path.basename(archive)
  if (await exists(path.join(root, 'index.json'))) return openLayout(root, archive, label)
  if (await exists(path.join(root, 'manifest.json'))) return openDockerSave(root, archive, label)
  throw new PostflightError(
    'BAD_INPUT',
    `input 'archive': ${archive} is neither an OCI image layout (index.json) nor a docker save archive (manifest.json)`,
    { field: 'archive' },
  )
}

async function openLayout(root: string, name: string, label: string): Promise<ResolvedImage> {
  const store = new LayoutStore(root, label)
  const { bytes, value: index } = await readArchiveJson<{ manifests?: Descriptor[] }>(
    root,
    'index.json',
    name,
  )
  const entries = index.manifests ?? []
  // Several entries are the platforms of one image, unless they carry different names: then the
  // layout holds several images, and reading them as one would mix their platforms in one verdict.
  const refs = [
    ...new Set(entries.map((e) => e.annotations?.['org.opencontainers.image.ref.name']).filter(Boolean)),
  ]
  if (refs.length > 1) {
    throw new PostflightError(
      'BAD_INPUT',
      `input 'archive': ${name} holds ${refs.length} images (${refs.join(', ')}); save one image per archive`,
      { field: 'archive' },
    )
  }
  // A layout holding one tagged image: its index.json points at that image's index or manifest.
  const only = entries.length === 1 ? entries[0] : undefined
  if (only) {
    const top = await store.readDocument(only)
    const resolution = await resolveDocument(store, top, only.digest)
    return { name, digest: only.digest, ...resolution, store }
  }
  const resolution = await resolveDocument(store, bytes, sha256Of(bytes))
  return { name, digest: sha256Of(bytes), ...resolution, store }
}

/** The legacy layout: manifest.json lists each image's config file and layer files (uncompressed tars). */
async function openDockerSave(root: string, name: string, label: string): Promise<ResolvedImage> {
  const { value: entries } = await readArchiveJson<SaveManifestEntry[]>(root, 'manifest.json', name)
  const first = Array.isArray(entries) ? entries[0] : undefined
  if (!first || !Array.isArray(first.Layers))
    throw new PostflightError('BAD_INPUT', `input 'archive': ${name} holds no image`, { field: 'archive' })
  // Scanning the first of several images would leave the others unchecked behind a verdict.
  if (entries.length > 1) {
    const tags = entries.map((e) => e.RepoTags?.[0] ?? e.Config).join(', ')
    throw new PostflightError(
      'BAD_INPUT',
      `input 'archive': ${name} holds ${entries.length} images (${tags}); save one image per archive`,
      { field: 'archive' },
    )
  }
  const extra = new Map<string, string>()
  const configFile = inside(root, first.Config, name, 'the config')
  const { bytes: configBytes, value: config } = await readArchiveJson<{ rootfs?: { diff_ids?: string[] } }>(
    root,
    path.relative(root, configFile),
    name,
  )
  const configDigest = sha256Of(configBytes)
  extra.set(configDigest, configFile)
  const diffIds = config.rootfs?.diff_ids ?? []
  const layers: Descriptor[] = []
  for (const [i, layer] of first.Layers.entries()) {
    const file = inside(root, layer, name, 'a layer')
    // The config's diff_ids are the digests of the uncompressed layers: exactly these files.
    const digest = diffIds[i]
    if (!digest) throw new PostflightError('ARCHIVE', `${name}: layer ${layer} has no diff_id in the config`)
    extra.set(digest, file)
    layers.push({
      mediaType: 'application/vnd.docker.image.rootfs.diff.tar',
      digest,
      size: (
        await stat(file).catch((err: unknown) => {
          throw new PostflightError('BAD_INPUT', `input 'archive': ${name} lacks its layer ${layer}`, {
            field: 'archive',
            cause: err,
          })
        })
      ).size,
    })
  }
  const store = new LayoutStore(root, label, extra)
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: DOCKER_MANIFEST,
      config: {
        mediaType: 'application/vnd.docker.container.image.v1+json',
        digest: configDigest,
        size: configBytes.length,
      },
      layers,
    }),
  )
  const digest = sha256Of(manifest)
  const resolution = await resolveDocument(store, manifest, digest)
  return { name, digest: configDigest, ...resolution, store }
}
