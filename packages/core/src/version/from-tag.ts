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
