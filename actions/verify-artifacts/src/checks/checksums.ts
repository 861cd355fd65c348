import type { SuiteBuilder } from '@postflight/core'
import type { ManifestAlgorithm, ParsedManifest } from '../manifest/index.ts'
import type { ReleaseFile } from '../release-folder.ts'

/** Digests of the release's files by name: algorithm → lower-case hex. */
export type DigestTable = Map<string, Record<string, string>>

/** What the default manifest detection looks for, as users read it in messages and help. */
export const DEFAULT_MANIFESTS_TEXT =
  '*SUMS (SHA256SUMS, SHA512SUMS…), SHASUMS256.txt, *checksums*.txt, *.sha256, *.sha512'

/** MD5 and SHA-1 collide on demand: still read (old releases publish them), never trusted. */
const WEAK = new Set<ManifestAlgorithm>(['md5', 'sha1'])

/** Finds the release file a manifest names, tolerating `dist/` prefixes, `\` and Unicode normal forms. */
export function fileResolver(files: readonly ReleaseFile[]): (listed: string) => ReleaseFile | undefined {
  const byName = new Map(files.map((f) => [f.name.normalize('NFC'), f]))
  // `sha256sum dist/*` writes `dist/app.tar.gz`; a release is flat, so a path whose last part is a
  // release file names that file (recorded in the evidence as `listedAs`).
  return (listed) => {
    const name = listed.normalize('NFC')
    return byName.get(name) ?? byName.get(name.split(/[\\/]/).pop() ?? '')
  }
}

/**
 * One check per manifest (it parsed, it is not empty, its algorithm can be trusted) and one per
 * entry (the file exists and its digest matches). Returns, per manifest, the names whose bytes it
 * vouches for with a strong digest, for the coverage and signature checks.
 */
export function checkManifests(
  suite: SuiteBuilder,
  manifests: readonly ParsedManifest[],
  files: readonly ReleaseFile[],
  digests: DigestTable,
  locate: (file: string) => string,
): Map<string, Set<string>> {
  const resolve = fileResolver(files)
  const vouched = new Map<string, Set<string>>()
  for (const manifest of manifests) {
    const { problems } = manifest
    const weak = [...new Set(manifest.entries.map((e) => e.algorithm).filter((a) => WEAK.has(a)))]
    const status = manifest.unsupported
      ? 'warn'
      : problems.length > 0
        ? 'fail'
        : weak.length > 0
          ? 'warn'
          : 'pass'
    const message = manifest.unsupported
      ? `${problems.map((p) => p.message).join('\n')} (not counted as a manifest)`
      : problems.length > 0
        ? problems.map((p) => p.message).join('\n')
        : weak.length > 0
          ? `${manifest.entries.length} entries, but ${weak.join(' and ')} can be forged: its entries cover nothing; publish SHA256SUMS or SHA512SUMS`
          : `${manifest.entries.length} ${manifest.entries.length === 1 ? 'entry' : 'entries'}`
    suite.add({
      id: `manifest:${manifest.file}`,
      title: `Checksum manifest ${manifest.file} is well formed`,
      status,
      message,
      evidence: {
        entries: manifest.entries.length,
        problems: problems.length,
        ...(weak.length ? { weakAlgorithms: weak } : {}),
      },
      location: { path: locate(manifest.file), ...(problems[0]?.line ? { line: problems[0].line } : {}) },
    })
    const names = new Set<string>()
    vouched.set(manifest.file, names)
    for (const entry of manifest.entries) {
      const file = resolve(entry.name)
      const name = file?.name ?? entry.name
      const id = suite.uniqueId(
        `checksum:${name}`,
        `checksum:${name}@${manifest.file}`,
        `checksum:${name}@${manifest.file}#${entry.line}`,
      )
      const title = `${name} matches its ${entry.algorithm}`
      const where = `${manifest.file} line ${entry.line}`
      const location = { path: locate(manifest.file), line: entry.line }
      const evidence: Record<string, unknown> = {
        manifest: manifest.file,
        line: entry.line,
        algorithm: entry.algorithm,
        expected: entry.digest,
      }
      if (file && file.name !== entry.name) evidence.listedAs = entry.name
      if (!file) {
        suite.add({
          id,
          title,
          status: 'fail',
          message: `listed in ${where} but not in the release`,
          evidence,
          location,
        })
        continue
      }
      const actual = digests.get(file.name)?.[entry.algorithm]
      if (actual === undefined) {
        suite.add({
          id,
          title,
          status: 'error',
          message: `could not hash ${name} with ${entry.algorithm}`,
          evidence,
          location,
        })
        continue
      }
      const ok = actual === entry.digest
      if (ok && !WEAK.has(entry.algorithm)) names.add(file.name)
      suite.add({
        id,
        title,
        status: ok ? 'pass' : 'fail',
        message: ok
          ? `${entry.algorithm} matches ${where}`
          : `${entry.algorithm} mismatch: ${where} says ${entry.digest}, the file has ${actual}`,
        evidence: ok ? evidence : { ...evidence, actual },
        ...(ok ? {} : { location }),
      })
    }
  }
  return vouched
}

/**
 * Every asset must be listed in some manifest (an unlisted asset could be anything), with a strong
 * digest (one listed only with MD5 or SHA-1 could be swapped for a colliding file: a warning). (A listed
 * asset whose digest does not match already fails its `checksum:` check.)
 */
export function checkCoverage(
  suite: SuiteBuilder,
  assets: readonly ReleaseFile[],
  manifests: readonly ParsedManifest[],
): void {
  const usable = manifests.filter((m) => !m.unsupported)
  if (usable.length === 0) {
    suite.add({
      id: 'checksums:present',
      title: 'The release has a checksum manifest',
      status: assets.length === 0 ? 'skip' : 'fail',
      message: `no checksum manifest found (looked for ${DEFAULT_MANIFESTS_TEXT}; name others with 'checksums')`,
    })
    return
  }
  const resolve = fileResolver(assets)
  const listed = new Map<string, 'strong' | 'weak'>()
  for (const m of usable) {
    for (const e of m.entries) {
      const name = resolve(e.name)?.name
      if (name && listed.get(name) !== 'strong') listed.set(name, WEAK.has(e.algorithm) ? 'weak' : 'strong')
    }
  }
  const uncovered = assets.filter((a) => listed.get(a.name) !== 'strong')
  const unlisted = uncovered.filter((a) => listed.get(a.name) === undefined)
  for (const asset of uncovered) {
    suite.add({
      id: `coverage:${asset.name}`,
      title: `${asset.name} is listed in a checksum manifest`,
      // A weak digest still catches corruption, so an old release is not failed for it; it only
      // never counts as proof (nor passes a signature's trust on).
      status: listed.get(asset.name) === 'weak' ? 'warn' : 'fail',
      message:
        listed.get(asset.name) === 'weak'
          ? `${asset.name} is listed only with MD5 or SHA-1, which can be forged; list it with SHA-256 or SHA-512`
          : `${asset.name} is in the release but in no checksum manifest (${usable.map((m) => m.file).join(', ')})`,
    })
  }
  suite.add({
    id: 'coverage',
    title: 'Every asset is listed with a strong digest',
    status: uncovered.length === 0 ? 'pass' : unlisted.length === 0 ? 'warn' : 'fail',
    message:
      uncovered.length === 0
        ? `all ${assets.length} assets are listed with SHA-256 or SHA-512`
        : `${uncovered.length} of ${assets.length} assets are not listed with SHA-256 or SHA-512`,
    evidence: { assets: assets.length, uncovered: uncovered.map((a) => a.name) },
  })
}
