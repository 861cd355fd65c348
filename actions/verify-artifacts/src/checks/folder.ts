import type { SuiteBuilder } from '@postflight/core'
import type { ReleaseFolder } from '../release-folder.ts'

/**
 * What the folder holds besides the release's files. A symlink out of the folder, or a dangling
 * one, fails: the release names a file it does not contain. Subfolders and special files are only
 * reported, since a release is flat and tools leave such things beside it.
 */
export function checkFolder(suite: SuiteBuilder, folder: ReleaseFolder, directory: string): void {
  suite.add({
    id: 'assets:present',
    title: 'The release has assets',
    status: folder.assets.length > 0 ? 'pass' : 'fail',
    message:
      folder.assets.length > 0
        ? `${folder.assets.length} ${folder.assets.length === 1 ? 'asset' : 'assets'}`
        : `no assets in ${directory}`,
    evidence: {
      assets: folder.assets.length,
      manifests: folder.manifests.length,
      signatures: folder.signatures.length,
      minisigs: folder.minisigs.length,
      cosignPairs: folder.cosign.length,
    },
  })
  for (const entry of folder.skipped) {
    if (entry.reason === 'symlink-outside' || entry.reason === 'dangling-symlink') {
      suite.add({
        id: `file:${entry.name}`,
        title: `${entry.name} is a file of the release`,
        status: 'fail',
        message:
          entry.reason === 'dangling-symlink'
            ? `${entry.name} is a symlink to nothing`
            : `${entry.name} is a symlink to ${entry.target}, outside the release folder: not verified`,
        evidence: { reason: entry.reason, ...(entry.target ? { target: entry.target } : {}) },
      })
    }
  }
  const ignored = folder.skipped.filter((e) => e.reason === 'directory' || e.reason === 'special-file')
  if (ignored.length > 0) {
    suite.add({
      id: 'folder:ignored',
      title: 'The release folder holds only files',
      status: 'warn',
      message: `not verified (a release is the folder's top-level files): ${ignored.map((e) => `${e.name} (${e.reason})`).join(', ')}`,
      evidence: { ignored: ignored.map((e) => e.name) },
    })
  }
}
