import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { PostflightError } from '@postflight/core'
import { isManifestName } from './manifest/index.ts'
import { isSignatureName } from './signature/index.ts'

export interface ReleaseFile {
  name: string
  path: string
  size: number
}

export interface ReleaseFolder {
  dir: string
  files: ReleaseFile[]
  manifests: ReleaseFile[]
  signatures: ReleaseFile[]
  /** Everything that is neither a manifest nor a signature: what users download. */
  assets: ReleaseFile[]
}

/**
 * Lists a release folder (its top level, like a GitHub release) and sorts its files into manifests,
 * signatures and assets. A missing folder is a usage error, not a failed release.
 */
export async function readReleaseFolder(dir: string, checksumPatterns?: string[]): Promise<ReleaseFolder> {
  let names: string[]
  try {
    const entries = await readdir(dir, { withFileTypes: true })
    names = entries.filter((e) => e.isFile() || e.isSymbolicLink()).map((e) => e.name)
  } catch (err) {
    throw new PostflightError('NOT_FOUND', `directory ${dir} cannot be read: ${(err as Error).message}`, {
      cause: err,
      field: 'directory',
    })
  }
  const files: ReleaseFile[] = []
  for (const name of names.sort()) {
    const full = path.join(dir, name)
    const info = await stat(full).catch(() => undefined)
    if (info?.isFile()) files.push({ name, path: full, size: info.size })
  }
  const manifests = files.filter((f) => isManifestName(f.name, checksumPatterns))
  const signatures = files.filter((f) => !manifests.includes(f) && isSignatureName(f.name))
  const assets = files.filter((f) => !manifests.includes(f) && !signatures.includes(f))
  return { dir, files, manifests, signatures, assets }
}
