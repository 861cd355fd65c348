import type { RegistryFile } from './types.ts'

/** The file name `npm pack` gives a package: `@scope/name` 1.2.3 → `scope-name-1.2.3.tgz`. */
export function npmPackName(pkg: string, version: string): string {
  return `${pkg.replace(/^@/, '').replace(/\//g, '-')}-${version}.tgz`
}

/**
 * The release file that should hold the published bytes: the one named, else the `npm pack` name,
 * else the only `.tgz` (a release renamed it). Several candidates and none named: no guess.
 */
export function findNpmTarball(
  files: readonly RegistryFile[],
  pkg: string,
  version: string,
  named?: string,
): RegistryFile | undefined {
  if (named) return files.find((f) => f.name === named)
  const packName = npmPackName(pkg, version)
  const exact = files.find((f) => f.name === packName)
  if (exact) return exact
  const tgz = files.filter((f) => f.name.endsWith('.tgz'))
  return tgz.length === 1 ? tgz[0] : undefined
}

/** The packument URL: a scoped name keeps its `@` and escapes its `/`, as the npm CLI sends it. */
export function packumentUrl(registry: string, pkg: string): string {
  return `${registry}/${pkg.startsWith('@') ? `@${encodeURIComponent(pkg.slice(1))}` : encodeURIComponent(pkg)}`
}
