import type { SuiteBuilder } from '@postflight/core'
import type { ReleaseFile } from '../release-folder.ts'
import { nameCarriesVersion, versionsInName } from '../versions.ts'

/**
 * An asset whose name carries a version must carry the release's. Without a tag or version, the
 * assets must at least agree with each other: the most common version is taken as the release's.
 */
export function checkVersions(
  suite: SuiteBuilder,
  files: readonly ReleaseFile[],
  version: string | undefined,
): void {
  const versioned = files
    .map((f) => ({ file: f, found: versionsInName(f.name) }))
    .filter((v) => v.found.length > 0)
  if (versioned.length === 0) return
  let expected = version
  let inferred = false
  if (!expected) {
    const counts = new Map<string, number>()
    for (const v of versioned) for (const f of new Set(v.found)) counts.set(f, (counts.get(f) ?? 0) + 1)
    expected = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0]
    inferred = true
  }
  if (!expected) return
  for (const { file, found } of versioned) {
    const ok = nameCarriesVersion(file.name, expected)
    suite.add({
      id: `version:${file.name}`,
      title: `${file.name} carries the release version`,
      status: ok ? 'pass' : 'fail',
      message: ok
        ? `carries ${expected}`
        : `carries ${found.join(', ')} but the release is ${expected}${inferred ? ' (the version most assets carry; no tag was given)' : ''}`,
      evidence: { expected, found, inferred },
    })
  }
}

/** When both a tag and a version are given they must agree, or one of them is a typo. */
export function checkTagVersion(
  suite: SuiteBuilder,
  tag: string,
  tagVersion: string | undefined,
  version: string,
): void {
  if (!tagVersion || tagVersion === version) return
  suite.add({
    id: 'version:tag',
    title: 'The tag and the version agree',
    status: 'warn',
    message: `tag ${tag} says ${tagVersion}, but version is ${version}; names are checked against ${version}`,
    evidence: { tag, tagVersion, version },
  })
}
