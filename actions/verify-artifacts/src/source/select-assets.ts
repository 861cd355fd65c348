import path from 'node:path'
import { isSignatureName } from '../signature/index.ts'
import type { ReleaseAsset } from './release-api.ts'

export interface AssetSelection {
  selected: ReleaseAsset[]
  excluded: ReleaseAsset[]
}

const matchesAny = (name: string, globs: readonly string[]): boolean =>
  globs.some((glob) => name === glob || path.posix.matchesGlob(name, glob))

/**
 * Applies `include`/`exclude` to the release's assets. Checksum manifests and their signatures are
 * always fetched (they are small, and without them nothing can be proven); a detached signature
 * follows the asset it signs, so excluding `*.deb` also drops `*.deb.asc` instead of leaving a signature without its file.
 */
export function selectAssets(
  assets: readonly ReleaseAsset[],
  filters: { include?: readonly string[] | undefined; exclude?: readonly string[] | undefined },
  isManifest: (name: string) => boolean,
): AssetSelection {
  const names = new Set(assets.map((a) => a.name))
  const wanted = (name: string): boolean =>
    (!filters.include?.length || matchesAny(name, filters.include)) &&
    !matchesAny(name, filters.exclude ?? [])
  const keep = (asset: ReleaseAsset): boolean => {
    if (isManifest(asset.name)) return true
    if (isSignatureName(asset.name)) {
      const target = asset.name.replace(/\.[^.]+$/, '')
      // A manifest's signature goes with the manifest: always, unless excluded by name.
      const followed = isManifest(target) || wanted(target)
      if (names.has(target)) return followed && !matchesAny(asset.name, filters.exclude ?? [])
    }
    return wanted(asset.name)
  }
  return { selected: assets.filter(keep), excluded: assets.filter((a) => !keep(a)) }
}

/** A name that is one plain file name: GitHub's asset names are, but a file path is built from it. */
export function isSafeFileName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !/[/\\\0]/.test(name) && !/^[a-z]:/i.test(name)
}
