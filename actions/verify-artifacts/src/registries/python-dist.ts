/** PEP 503 normalisation: `Foo_Bar.baz` and `foo-bar-baz` are the same project. */
export function normalizeProject(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-')
}

const SDIST = /\.(tar\.gz|tar\.bz2|tar\.xz|zip|tgz)$/i

/**
 * The project and version a distribution file name carries: a wheel is
 * `{dist}-{version}(-{build})?-{py}-{abi}-{platform}.whl`, an sdist `{name}-{version}.tar.gz`.
 * Anything else (an installer, a checksum file) is undefined.
 */
export function parseDistName(file: string): { project: string; version: string } | undefined {
  if (file.toLowerCase().endsWith('.whl')) {
    const parts = file.slice(0, -4).split('-')
    if (parts.length < 5 || !parts[0] || !parts[1]) return undefined
    return { project: normalizeProject(parts[0]), version: parts[1].toLowerCase() }
  }
  const ext = SDIST.exec(file)
  if (!ext) return undefined
  const stem = file.slice(0, ext.index)
  const cut = stem.lastIndexOf('-')
  if (cut <= 0 || cut === stem.length - 1) return undefined
  return { project: normalizeProject(stem.slice(0, cut)), version: stem.slice(cut + 1).toLowerCase() }
}

/** True when `file` is a wheel or sdist of this project at this version, as PyPI would name it. */
export function isDistOf(file: string, project: string, version: string): boolean {
  const parsed = parseDistName(file)
  return (
    parsed !== undefined &&
    parsed.project === normalizeProject(project) &&
    parsed.version === version.toLowerCase().replace(/^v/, '')
  )
}
