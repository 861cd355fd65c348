import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { type EngineContext, PostflightError, SuiteBuilder, type SuiteResult } from '@postflight/core'
import { checkArchives } from './checks/archives.ts'
import { checkCoverage, checkManifests } from './checks/checksums.ts'
import { checkExpected } from './checks/expected.ts'
import { checkFolder } from './checks/folder.ts'
import { checkSignatureCoverage, checkSignatures } from './checks/signatures.ts'
import { checkTagVersion, checkVersions } from './checks/versions.ts'
import { hashRelease } from './hash-release.ts'
import type { VerifyOptions } from './inputs.ts'
import { type ParsedManifest, parseManifest } from './manifest/index.ts'
import { readReleaseFolder } from './release-folder.ts'
import { type LoadedKey, loadPublicKeys } from './signature/index.ts'
import { versionFromTag } from './versions.ts'

export const SUITE = 'verify-artifacts'

/**
 * Verifies a release folder: manifests, digests, coverage, expected assets, OpenPGP signatures,
 * archive integrity and version consistency — every check recorded, passes included.
 */
export async function verifyArtifacts(options: VerifyOptions, ctx: EngineContext): Promise<SuiteResult> {
  const { logger } = ctx
  const tagVersion = options.tag ? versionFromTag(options.tag) : undefined
  const version = options.version ?? tagVersion
  if (options.tag && !options.version && !version) {
    throw new PostflightError(
      'BAD_INPUT',
      `input 'tag': '${options.tag}' carries no version (expected e.g. v1.2.3); pass 'version' too`,
      {
        field: 'tag',
      },
    )
  }
  const requireSignature = options['require-signature'] ?? (options['public-key']?.length ?? 0) > 0
  if (requireSignature && !options['public-key']?.length) {
    throw new PostflightError(
      'BAD_INPUT',
      "input 'require-signature' is true but no 'public-key' was given",
      {
        field: 'require-signature',
      },
    )
  }
  const suite = new SuiteBuilder(SUITE, ctx.leg, {
    ...(options.tag ? { tag: options.tag } : {}),
    ...(version ? { version } : {}),
  })
  ctx.attach?.(suite)
  // Paths in annotations and the report are relative to where the run started (the workspace).
  const locate = (file: string): string => path.join(options.directory, file).split(path.sep).join('/')

  // Keys first: a bad key is a usage error, found before any work is done.
  let keys: LoadedKey[] | undefined
  if (options['public-key']?.length) keys = await loadPublicKeys(options['public-key'])

  const folder = await logger.group('Read the release', async () => {
    const f = await readReleaseFolder(options.directory, options.checksums)
    logger.info(
      `${f.assets.length} assets, ${f.manifests.length} manifests, ${f.signatures.length} signatures in ${f.dir}`,
    )
    return f
  })
  checkFolder(suite, folder, options.directory)
  if (options.tag && options.version) checkTagVersion(suite, options.tag, tagVersion, options.version)

  const manifests: ParsedManifest[] = []
  for (const m of folder.manifests) manifests.push(parseManifest(await readFile(m.path, 'utf8'), m.name))

  const digests = await logger.group('Hash every file in one pass', () =>
    hashRelease(folder.files, manifests, suite, ctx),
  )

  const vouched = checkManifests(suite, manifests, folder.files, digests, locate)
  checkCoverage(suite, folder.assets, manifests)
  if (options['expected-assets']?.length) {
    checkExpected(suite, options['expected-assets'], folder.files, {
      ...(version ? { version } : {}),
      ...(options.tag ? { tag: options.tag } : {}),
    })
  }
  const signed = await logger.group('Verify signatures', () => checkSignatures(suite, folder, keys, ctx))
  if (requireSignature) checkSignatureCoverage(suite, folder, manifests, vouched, signed)
  if (options['check-archives'])
    await logger.group('Read archives to the end', () => checkArchives(suite, folder.assets, ctx))
  checkVersions(suite, [...folder.assets, ...folder.manifests], version)
  return suite.finish()
}
