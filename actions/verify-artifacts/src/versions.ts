import semver from 'semver'

/**
 * The version a tag stands for: `v1.2.3` → `1.2.3`, also monorepo tags like `app-v1.2.3`,
 * `app@1.2.3` or `app/v1.2.3`. Build metadata is dropped, as semver ignores it in comparisons.
 */
export function versionFromTag(tag: string): string | undefined {
  const bare = tag.replace(/^refs\/tags\//, '')
  const direct = semver.valid(semver.clean(bare, { loose: true }) ?? '')
  if (direct) return semver.parse(direct)?.version
  const match =
    /(?:^|[^0-9A-Za-z])v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?)(?:\+[0-9A-Za-z.-]+)?$/.exec(
      bare,
    )
  return match?.[1] && semver.valid(match[1]) ? match[1] : undefined
}

const CORE = /(?<![0-9A-Za-z])v?(\d+\.\d+\.\d+)(?![0-9])/g
const PRERELEASE_AFTER =
  /^[-._~]?(rc|alpha|beta|pre|preview|dev|snapshot|canary|next|nightly)[-._]?[0-9A-Za-z]*/i

/** Every version that appears in an asset name, with a pre-release suffix when one follows the core. */
export function versionsInName(name: string): string[] {
  const found: string[] = []
  for (const m of name.matchAll(CORE)) {
    const core = m[1] as string
    const rest = name.slice((m.index ?? 0) + m[0].length)
    const pre = PRERELEASE_AFTER.exec(rest)
    found.push(pre ? `${core}-${pre[0].replace(/^[-._~]/, '')}` : core)
  }
  return found
}

/** True when `name` carries `version` (the whole version: 1.2.3 does not match 1.2.3-rc.1 or 11.2.3). */
export function nameCarriesVersion(name: string, version: string): boolean {
  const parsed = semver.parse(version)
  if (!parsed) return name.includes(version)
  const core = `${parsed.major}.${parsed.minor}.${parsed.patch}`
  const pre = parsed.prerelease.join('.')
  for (const m of name.matchAll(CORE)) {
    if (m[1] !== core) continue
    const rest = name.slice((m.index ?? 0) + m[0].length)
    if (pre === '') {
      if (!PRERELEASE_AFTER.test(rest)) return true
    } else if (
      rest
        .replace(/^[-._~]/, '')
        .toLowerCase()
        .startsWith(pre.toLowerCase())
    ) {
      return true
    } else if (
      rest
        .replace(/^[-._~]/, '')
        .replace(/[-._]/g, '')
        .toLowerCase()
        .startsWith(pre.replace(/\./g, '').toLowerCase())
    ) {
      // rc.1 is often written rc1 in file names
      return true
    }
  }
  return false
}
