import type { SuiteBuilder } from '@postflight/core'
import type { ParsedManifest } from '../manifest/index.ts'
import type { ReleaseFile } from '../release-folder.ts'

/** Digests of the release's files by name: algorithm → lower-case hex. */
export type DigestTable = Map<string, Record<string, string>>

/**
 * One check per manifest (it parsed, it is not empty) and one per manifest entry (the file exists
 * and its digest matches). Returns the names each manifest vouches for, for the coverage check.
 */
export function checkManifests(
  suite: SuiteBuilder,
  manifests: readonly ParsedManifest[],
  files: readonly ReleaseFile[],
  digests: DigestTable,
): Map<string, Set<string>> {
  const byName = new Map(files.map((f) => [f.name, f]))
  // `sha256sum dist/*` writes `dist/app.tar.gz`; a release is flat, so a path whose last part is a
  // release file names that file (recorded in the evidence as `listedAs`).
  const resolve = (listed: string): ReleaseFile | undefined =>
    byName.get(listed) ?? byName.get(listed.split('/').pop() ?? '')
  const covered = new Map<string, Set<string>>()
  const seen = new Set<string>()
  for (const manifest of manifests) {
    const problems = manifest.problems
    // MD5 and SHA-1 collide on demand: still read (old releases publish them) but never trusted quietly.
    const weak = [
      ...new Set(manifest.entries.map((e) => e.algorithm).filter((a) => a === 'md5' || a === 'sha1')),
    ]
    suite.add({
      id: `manifest:${manifest.file}`,
      title: `Checksum manifest ${manifest.file} is well formed`,
      status: problems.length > 0 ? 'fail' : weak.length > 0 ? 'warn' : 'pass',
      message:
        problems.length > 0
          ? problems.map((p) => p.message).join('\n')
          : weak.length > 0
            ? `${manifest.entries.length} entries, but ${weak.join(' and ')} can be forged: publish SHA256SUMS or SHA512SUMS`
            : `${manifest.entries.length} entries`,
      evidence: {
        entries: manifest.entries.length,
        problems: problems.length,
        ...(weak.length > 0 ? { weakAlgorithms: weak } : {}),
      },
      location: { path: manifest.file, ...(problems[0]?.line ? { line: problems[0].line } : {}) },
    })
    const names = new Set<string>()
    covered.set(manifest.file, names)
    for (const entry of manifest.entries) {
      const name = resolve(entry.name)?.name ?? entry.name
      const id = seen.has(name) ? `checksum:${name}@${manifest.file}` : `checksum:${name}`
      seen.add(name)
      const where = `${manifest.file} line ${entry.line}`
      const file = resolve(entry.name)
      const actual = file ? digests.get(file.name)?.[entry.algorithm] : undefined
      if (!file) {
        suite.add({
          id,
          title: `${name} matches its ${entry.algorithm}`,
          status: 'fail',
          message: `listed in ${where} but not in the release`,
          evidence: {
            manifest: manifest.file,
            line: entry.line,
            algorithm: entry.algorithm,
            expected: entry.digest,
          },
          location: { path: manifest.file, line: entry.line },
        })
        continue
      }
      if (actual === undefined) {
        suite.add({
          id,
          title: `${name} matches its ${entry.algorithm}`,
          status: 'error',
          message: `could not hash ${name} with ${entry.algorithm}`,
          location: { path: manifest.file, line: entry.line },
        })
        continue
      }
      const ok = actual === entry.digest
      if (ok) names.add(file.name)
      suite.add({
        id,
        title: `${name} matches its ${entry.algorithm}`,
        status: ok ? 'pass' : 'fail',
        message: ok
          ? `${entry.algorithm} matches ${where}`
          : `${entry.algorithm} mismatch: ${where} says ${entry.digest}, the file has ${actual}`,
        evidence: {
          manifest: manifest.file,
          line: entry.line,
          algorithm: entry.algorithm,
          expected: entry.digest,
          actual,
        },
        ...(ok ? {} : { location: { path: manifest.file, line: entry.line } }),
      })
    }
  }
  return covered
}

/** Every asset must be vouched for by some manifest: an unlisted asset could be anything. */
export function checkCoverage(
  suite: SuiteBuilder,
  assets: readonly ReleaseFile[],
  manifests: readonly ParsedManifest[],
): void {
  if (manifests.length === 0) {
    suite.add({
      id: 'checksums:present',
      title: 'The release has a checksum manifest',
      status: assets.length === 0 ? 'skip' : 'fail',
      message:
        'no checksum manifest found (looked for SHA256SUMS, SHA512SUMS, *checksums*.txt, *.sha256, *.sha512)',
    })
    return
  }
  const listed = new Set(
    manifests.flatMap((m) => m.entries.flatMap((e) => [e.name, e.name.split('/').pop() ?? ''])),
  )
  const unlisted = assets.filter((a) => !listed.has(a.name))
  for (const asset of unlisted) {
    suite.add({
      id: `coverage:${asset.name}`,
      title: `${asset.name} is listed in a checksum manifest`,
      status: 'fail',
      message: `${asset.name} is in the release but in no checksum manifest (${manifests.map((m) => m.file).join(', ')})`,
    })
  }
  suite.add({
    id: 'coverage',
    title: 'Every asset is listed in a checksum manifest',
    status: unlisted.length === 0 ? 'pass' : 'fail',
    message:
      unlisted.length === 0
        ? `all ${assets.length} assets are listed`
        : `${unlisted.length} of ${assets.length} assets are in no manifest`,
    evidence: { assets: assets.length, unlisted: unlisted.map((a) => a.name) },
  })
}
