import type { InventoryPackage } from '../types.ts'
import type { Distro } from './os-release.ts'
import { distroRelease } from './os-release.ts'
import { purl } from './purl.ts'

export interface ApkPackage {
  name: string
  version: string
  architecture?: string
  license?: string
  origin?: string
}

/**
 * The installed database of apk (/lib/apk/db/installed): one stanza per package, one-letter keys
 * (`P:` name, `V:` version, `A:` arch, `L:` licence, `o:` origin), stanzas separated by blank lines.
 * Keys are case-sensitive (`o` is origin, `O` is not), so this does not reuse the dpkg splitter.
 */
export function parseApkInstalled(text: string): ApkPackage[] {
  const out: ApkPackage[] = []
  let cur: Partial<ApkPackage> = {}
  const flush = () => {
    if (cur.name && cur.version) out.push(cur as ApkPackage)
    cur = {}
  }
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') {
      flush()
      continue
    }
    const key = line[0]
    const value = line.slice(2)
    if (line[1] !== ':') continue
    if (key === 'P') cur.name = value
    else if (key === 'V') cur.version = value
    else if (key === 'A') cur.architecture = value
    else if (key === 'L') cur.license = value
    else if (key === 'o') cur.origin = value
  }
  flush()
  return out
}

export function apkInventory(
  pkgs: ApkPackage[],
  os: Distro | undefined,
  location: string,
  layer: string,
): InventoryPackage[] {
  // An apk database in an image whose os-release is not Alpine's has no Alpine release to name.
  const distro = os?.id === 'alpine' ? os : undefined
  const release = distroRelease(distro)
  return pkgs.map((p) => ({
    name: p.name,
    version: p.version,
    ecosystem: 'Alpine' as const,
    purl: purl('apk', 'alpine', p.name, p.version, {
      arch: p.architecture,
      distro: distro?.versionId ? `alpine-${distro.versionId}` : undefined,
    }),
    licenses: p.license ? [p.license] : [],
    location,
    layer,
    ...(release ? { distroVersion: release } : {}),
    ...(p.origin && p.origin !== p.name ? { sourceName: p.origin } : {}),
  }))
}
