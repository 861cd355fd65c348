import type { InventoryPackage } from '../types.ts'
import { apkInventory, parseApkInstalled } from './apk.ts'
import type { ImageFiles } from './collect-files.ts'
import { dpkgInventory, parseDebianCopyright, parseDpkgStatus } from './dpkg.ts'
import { goInventory } from './go.ts'
import { parseNpmPackage } from './npm.ts'
import { type Distro, parseOsRelease } from './os-release.ts'
import { parsePythonMetadata } from './python.ts'
import { readRpmSqlite, rpmInventory } from './rpm.ts'

export { collectImageFiles, type ImageFiles } from './collect-files.ts'
export type { Distro } from './os-release.ts'

export interface Inventory {
  distro?: Distro
  packages: InventoryPackage[]
  /** Package databases found but not read, and why (e.g. an rpmdb of an unsupported format). */
  notInventoried: string[]
}

/** Reads every package database and language manifest in the image's final filesystem. */
export async function buildInventory(found: ImageFiles, tmpRoot: string): Promise<Inventory> {
  const { files } = found
  const text = (p: string) => files.get(p)?.data.toString('utf8')
  const osRelease = text('etc/os-release') ?? text('usr/lib/os-release')
  const distro = osRelease ? parseOsRelease(osRelease) : undefined
  const packages: InventoryPackage[] = []
  const notInventoried: string[] = []
  // A package whose doc folder links to its source's (dh_installdocs --link-doc) has its copyright there.
  const licences = (name: string, source?: string) => {
    const copyright =
      text(`usr/share/doc/${name}/copyright`) ??
      (source ? text(`usr/share/doc/${source}/copyright`) : undefined)
    return copyright ? parseDebianCopyright(copyright) : []
  }
  for (const [p, file] of files) {
    const location = `/${p}`
    const body = file.data.toString('utf8')
    if (p === 'var/lib/dpkg/status' || p.startsWith('var/lib/dpkg/status.d/')) {
      // status.d also holds <pkg>.md5sums files; only stanzas with Package and Version count.
      packages.push(...dpkgInventory(parseDpkgStatus(body), distro, location, file.layer, licences))
    } else if (p === 'lib/apk/db/installed') {
      packages.push(...apkInventory(parseApkInstalled(body), distro, location, file.layer))
    } else if (p.endsWith('rpmdb.sqlite')) {
      try {
        packages.push(...rpmInventory(await readRpmSqlite(file.data, tmpRoot), distro, location, file.layer))
      } catch (err) {
        notInventoried.push(`${location}: ${(err as Error).message}`)
      }
    } else if (p.endsWith('/package.json')) {
      const pkg = parseNpmPackage(body, location, file.layer)
      if (pkg) packages.push(pkg)
    } else if (p.endsWith('/METADATA') || p.endsWith('/PKG-INFO')) {
      const pkg = parsePythonMetadata(body, location, file.layer)
      if (pkg) packages.push(pkg)
    }
  }
  for (const [p, bin] of found.goBinaries) packages.push(...goInventory(bin.info, `/${p}`, bin.layer))
  for (const [p, size] of found.skipped) notInventoried.push(`/${p}: ${size} bytes, over the size read`)
  const over = [...found.overBudget.keys()]
  if (over.length > 0) {
    const shown = over.slice(0, 5).map((p) => `/${p}`)
    notInventoried.push(
      `${over.length} file${over.length === 1 ? '' : 's'} not read, over the memory budget: ${shown.join(', ')}${over.length > 5 ? ', …' : ''}`,
    )
  }
  for (const p of found.unreadable) notInventoried.push(`/${p}: a BerkeleyDB rpmdb, which is not read`)
  return { ...(distro ? { distro } : {}), packages: dedupe(packages), notInventoried }
}

/** The same package found twice (a dpkg status and a status.d copy) is listed once. */
function dedupe(pkgs: InventoryPackage[]): InventoryPackage[] {
  const seen = new Map<string, InventoryPackage>()
  for (const p of pkgs) if (!seen.has(`${p.purl} ${p.location}`)) seen.set(`${p.purl} ${p.location}`, p)
  return [...seen.values()]
}
