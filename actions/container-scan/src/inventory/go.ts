import type { InventoryPackage } from '../types.ts'
import type { GoBuildInfo } from './go-buildinfo.ts'
import { purl } from './purl.ts'

/**
 * The modules a Go binary was built from: every `dep`, the main module when it has a real version
 * (a local build says `(devel)`), and the standard library as OSV's `stdlib` at the Go version.
 */
export function goInventory(info: GoBuildInfo, location: string, layer: string): InventoryPackage[] {
  const out: InventoryPackage[] = []
  const add = (path: string, version: string, note?: string) =>
    out.push({
      name: path,
      version,
      ecosystem: 'Go',
      // The purl spec splits a module path into namespace and name: pkg:golang/golang.org/x/net@v0.17.0.
      purl: path.includes('/')
        ? purl('golang', path.slice(0, path.lastIndexOf('/')), path.slice(path.lastIndexOf('/') + 1), version)
        : purl('golang', undefined, path, version),
      licenses: [],
      location,
      layer,
      ...(note ? { note } : {}),
    })
  const go = /^go(\d+\.\d+(?:\.\d+)?)/.exec(info.goVersion)?.[1]
  if (go) add('stdlib', `v${go}`, `Go toolchain ${info.goVersion}`)
  if (info.main?.version && info.main.version !== '(devel)')
    add(info.main.path, info.main.version, 'main module')
  for (const dep of info.deps) if (dep.version) add(dep.path, dep.version)
  return out
}
