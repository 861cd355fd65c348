import type { SuiteBuilder } from '@postflight/core'
import type { ParsedManifest } from '../manifest/index.ts'

/**
 * Manifest entries for assets that include/exclude left out are recorded as skipped, not failed:
 * the asset is in the release, it was only not fetched. Returns the manifests without those entries.
 */
export function skipExcluded(
  suite: SuiteBuilder,
  manifests: readonly ParsedManifest[],
  excluded: readonly string[],
): ParsedManifest[] {
  if (excluded.length === 0) return [...manifests]
  const left = new Set(excluded.map((n) => n.normalize('NFC')))
  const isLeft = (listed: string): string | undefined => {
    const name = listed.normalize('NFC')
    const base = name.split(/[\\/]/).pop() ?? name
    return left.has(name) ? name : left.has(base) ? base : undefined
  }
  return manifests.map((manifest) => {
    const entries = manifest.entries.filter((entry) => {
      const name = isLeft(entry.name)
      if (name === undefined) return true
      const id = suite.uniqueId(`checksum:${name}`, `checksum:${name}@${manifest.file}`)
      suite.add({
        id,
        title: `${name} matches its ${entry.algorithm}`,
        status: 'skip',
        message: `${name} was not fetched (include/exclude)`,
        evidence: { manifest: manifest.file, line: entry.line },
      })
      return false
    })
    return { ...manifest, entries }
  })
}
