import type { Ecosystem, InventoryPackage } from '../types.ts'
import { parseStanzas } from './control-fields.ts'
import type { Distro } from './os-release.ts'
import { distroRelease } from './os-release.ts'
import { purl } from './purl.ts'

export interface DpkgPackage {
  name: string
  version: string
  architecture?: string
  /** The source package name, when the binary package names one. */
  source?: string
  sourceVersion?: string
}

/**
 * Installed packages of a dpkg status file (or of one /var/lib/dpkg/status.d/ file, as distroless
 * images keep them): stanzas whose Status ends in `installed`; a stanza without Status (status.d)
 * counts as installed.
 */
export function parseDpkgStatus(text: string): DpkgPackage[] {
  const out: DpkgPackage[] = []
  for (const s of parseStanzas(text)) {
    const name = s.Package
    const version = s.Version
    if (!name || !version) continue
    if (s.Status !== undefined && !/\binstalled$/.test(s.Status.trim())) continue
    const pkg: DpkgPackage = { name, version }
    if (s.Architecture) pkg.architecture = s.Architecture
    // `Source: openssl (3.0.11-1)` names the source package, and its version when it differs.
    const source = /^(\S+)(?:\s+\((.+)\))?$/.exec(s.Source?.trim() ?? '')
    if (source?.[1]) {
      pkg.source = source[1]
      if (source[2]) pkg.sourceVersion = source[2]
    }
    out.push(pkg)
  }
  return out
}

/** Debian's short licence names (copyright-format 1.0) and the SPDX ids they stand for. */
const DEBIAN_TO_SPDX: Record<string, string> = {
  expat: 'MIT',
  'gpl-2': 'GPL-2.0-only',
  'gpl-2+': 'GPL-2.0-or-later',
  'gpl-3': 'GPL-3.0-only',
  'gpl-3+': 'GPL-3.0-or-later',
  'lgpl-2.1': 'LGPL-2.1-only',
  'lgpl-2.1+': 'LGPL-2.1-or-later',
  'lgpl-3': 'LGPL-3.0-only',
  'lgpl-3+': 'LGPL-3.0-or-later',
  'bsd-2-clause': 'BSD-2-Clause',
  'bsd-3-clause': 'BSD-3-Clause',
  'apache-2.0': 'Apache-2.0',
  'mpl-2.0': 'MPL-2.0',
  isc: 'ISC',
  zlib: 'Zlib',
  'public-domain': 'LicenseRef-public-domain',
}

/**
 * The licences a machine-readable copyright file (copyright-format 1.0) declares in its `License:`
 * fields, as SPDX ids where Debian's name maps to one. A free-form copyright file yields none:
 * guessing a licence from prose is not something a release gate should do.
 */
export function parseDebianCopyright(text: string): string[] {
  if (!/^Format:\s*\S*copyright-format\/1\.0/m.test(text.split(/\r?\n\r?\n/)[0] ?? '')) return []
  const found = new Set<string>()
  for (const stanza of parseStanzas(text)) {
    const first = stanza.License?.split('\n')[0]?.trim()
    if (!first) continue
    for (const part of first.split(/\s+or\s+|\s+and\s+|\s*,\s*/i)) {
      const name = part.trim()
      if (name) found.add(DEBIAN_TO_SPDX[name.toLowerCase()] ?? name)
    }
  }
  return [...found].sort()
}

/** dpkg packages as inventory entries, with purls `pkg:deb/<distro>/<name>@<version>`. */
export function dpkgInventory(
  pkgs: DpkgPackage[],
  distro: Distro | undefined,
  location: string,
  layer: string,
  licences: (name: string, source?: string) => string[],
): InventoryPackage[] {
  const vendor = distro?.id === 'ubuntu' ? 'ubuntu' : 'debian'
  const ecosystem: Ecosystem = vendor === 'ubuntu' ? 'Ubuntu' : 'Debian'
  // Only Debian's and Ubuntu's own releases name a dpkg package's distribution.
  const release = distro?.id === vendor ? distroRelease(distro) : undefined
  return pkgs.map((p) => ({
    name: p.name,
    version: p.version,
    ecosystem,
    purl: purl('deb', vendor, p.name, p.version, {
      arch: p.architecture,
      distro: release ? `${vendor}-${release}` : undefined,
      upstream: p.source,
    }),
    licenses: licences(p.name, p.source),
    location,
    layer,
    ...(release ? { distroVersion: release } : {}),
    ...(p.source && p.source !== p.name ? { sourceName: p.source } : {}),
    // `Source: gcc-12 (12.2.0-14)`: OSV's Debian records are versioned by the source package.
    ...(p.sourceVersion ? { sourceVersion: p.sourceVersion } : {}),
  }))
}
