import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { PostflightError } from '@postflight/core'
import { isManifestName, perAssetSubject } from '@postflight/verify-artifacts'

/** A release whose file names are known; its files are put on disk only when asked for. */
export interface OpenedRelease {
  /** The release's file names (its top level: that is where release assets sit). */
  names: string[]
  /** The release's tag when the source knows it (a GitHub release, `latest` included). */
  tag?: string
  /** GitHub's `sha256:<hex>` of each asset, recorded at upload (null for old assets). */
  apiDigests?: ReadonlyMap<string, string | null>
  /** Puts `asset` and the checksum manifests that may vouch for it in a folder, and says where. */
  obtain(asset: string): Promise<ObtainedAsset>
}

export interface ObtainedAsset {
  dir: string
  /** Names of the manifests now in `dir` that may list the asset. */
  manifests: string[]
  /** sha256 computed while downloading, by name. */
  sha256?: ReadonlyMap<string, string>
}

/**
 * The manifests that may list `asset`: release-wide ones (SHA256SUMS, checksums.txt) and its own
 * per-asset digest file (`<asset>.sha256`), never another asset's.
 */
export function manifestsFor(names: readonly string[], asset: string): string[] {
  return names.filter((n) => {
    if (n === asset || !isManifestName(n)) return false
    const subject = perAssetSubject(n)
    return subject === undefined || subject === asset
  })
}

/** A local release folder: nothing to fetch. */
export async function openFolder(directory: string, field = 'directory'): Promise<OpenedRelease> {
  let names: string[]
  try {
    const entries = await readdir(directory, { withFileTypes: true })
    names = entries.filter((e) => e.isFile()).map((e) => e.name)
  } catch (err) {
    throw new PostflightError(
      'NOT_FOUND',
      `input '${field}': cannot read ${directory}: ${(err as Error).message}`,
      { cause: err, field },
    )
  }
  return {
    names,
    obtain: async (asset) => ({ dir: path.resolve(directory), manifests: manifestsFor(names, asset) }),
  }
}
