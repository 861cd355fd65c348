import path from 'node:path'
import { isSignatureName } from '../signature/signature-name.ts'
import { bundleSubject } from '../sigstore/bundle-name.ts'
import type { ReleaseAsset } from './release-api.ts'

export interface AssetSelection {
  selected: ReleaseAsset[]
  excluded: ReleaseAsset[]
}

const matchesAny = (name: string, globs: readonly string[]): boolean =>
  globs.some((glob) => name === glob || path.posix.matchesGlob(name, glob))

/**
 * Applies `include`/`exclude` to the release's assets. Checksum manifests and their signatures are
 * always fetched (they are small, and without them nothing can be proven). What proves an asset
 * follows it: a detached signature (`.asc`, `.sig`, `.gpg`, `.minisig`), a cosign certificate
 * (`.pem` beside a `.sig`) and a Sigstore bundle, so `include: *.tar.gz` still fetches
 * `app.tar.gz.sigstore.json`, and excluding `*.deb` also drops `*.deb.asc` instead of leaving a
 * signature without its file.
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
    const target = provenTarget(asset.name, names)
    if (target !== undefined) {
      // A manifest's signature goes with the manifest: always, unless excluded by name.
      const followed = isManifest(target) || wanted(target)
      return followed && !matchesAny(asset.name, filters.exclude ?? [])
    }
    return wanted(asset.name)
  }
  return { selected: assets.filter(keep), excluded: assets.filter((a) => !keep(a)) }
}

/** The release file `name` is a signature, certificate or bundle of, when that file is in the release. */
function provenTarget(name: string, names: ReadonlySet<string>): string | undefined {
  const bundled = bundleSubject(name, names)
  if (bundled !== undefined) return bundled
  const lower = name.toLowerCase()
  let target: string | undefined
  if (isSignatureName(name)) target = name.replace(/\.[^.]+$/, '')
  else if (lower.endsWith('.minisig')) target = name.slice(0, -'.minisig'.length)
  // A cosign certificate only beside its signature: a lone .pem may be an asset of its own.
  else if (lower.endsWith('.pem') && names.has(`${name.slice(0, -4)}.sig`)) target = name.slice(0, -4)
  return target !== undefined && names.has(target) ? target : undefined
}

/** A name that is one plain file name: GitHub's asset names are, but a file path is built from it. */
export function isSafeFileName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !/[/\\\0]/.test(name) && !/^[a-z]:/i.test(name)
}
