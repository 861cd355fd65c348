import { readFile } from 'node:fs/promises'
import path from 'node:path'
import {
  type EngineContext,
  PostflightError,
  SuiteBuilder,
  type SuiteResult,
  versionFromTag,
} from '@postflight/core'
import { runAttestations, validateAttestationInputs } from './attestations/run.ts'
import { checkArchives } from './checks/archives.ts'
import { checkCoverage, checkManifests } from './checks/checksums.ts'
import { skipExcluded } from './checks/excluded.ts'
import { checkExpected } from './checks/expected.ts'
import { checkFolder } from './checks/folder.ts'
import { checkMinisign } from './checks/minisign.ts'
import { checkSignatureCoverage, checkSignatures } from './checks/signatures.ts'
import { checkSigstore, hasSigstorePolicy } from './checks/sigstore.ts'
import { checkTagVersion, checkVersions } from './checks/versions.ts'
import { hashRelease } from './hash-release.ts'
import type { VerifyOptions } from './inputs.ts'
import { type ParsedManifest, parseManifest } from './manifest/index.ts'
import { registryTargetsFrom, wantsRegistryChecks } from './registries/registry-inputs.ts'
import { validateRegistryTargets } from './registries/validate.ts'
import { readReleaseFolder } from './release-folder.ts'
import type { LoadedKey } from './signature/index.ts'
import type { MinisignKey } from './signature/minisign.ts'
import { fetchArtifact } from './source/fetch-artifact.ts'
import { type FetchedRelease, fetchRelease, onlyFetched } from './source/fetch-release.ts'
import { releaseSource } from './source/release-source.ts'

export const SUITE = 'verify-artifacts'

/**
 * Verifies a release — a folder, or a GitHub release fetched into one (resolved, listed, downloaded
 * and hashed in the same pass, each transfer and GitHub's own digest a check): manifests, digests,
 * coverage, expected assets, OpenPGP signatures, Sigstore bundles, archive integrity, version
 * consistency and the same bytes on package registries (npm, PyPI, crates.io, OCI) — every
 * check recorded, passes included.
 */
export async function verifyArtifacts(options: VerifyOptions, ctx: EngineContext): Promise<SuiteResult> {
  const { logger } = ctx
  const source = await releaseSource(options)
  validateAttestationInputs(options, source.kind)
  // Naming who may sign (an OpenPGP key or a Sigstore identity) makes signatures required by default.
  const signers =
    (options['public-key']?.length ?? 0) > 0 ||
    (options['minisign-public-key']?.length ?? 0) > 0 ||
    hasSigstorePolicy(options)
  const requireSignature = options['require-signature'] ?? signers
  if (requireSignature && !signers) {
    throw new PostflightError(
      'BAD_INPUT',
      "input 'require-signature' is true but no signer was named: give 'public-key', 'minisign-public-key' or 'certificate-identity' (or -regexp) with 'certificate-oidc-issuer'",
      { field: 'require-signature' },
    )
  }
  // A folder's tag is known now; a GitHub release's (`latest`, a release event) once it is resolved.
  if (source.kind !== 'github' || (options.tag && options.tag !== 'latest'))
    releaseVersion(options, options.tag)
  const suite = new SuiteBuilder(SUITE, ctx.leg, {
    ...(source.kind === 'github' ? { repo: source.repo } : {}),
  })
  ctx.attach?.(suite)

  // Keys and registry targets first: a bad one is a usage error, found before any work is done.
  let keys: LoadedKey[] | undefined
  if (options['public-key']?.length) {
    const { loadPublicKeys } = await import('./signature/index.ts')
    keys = await loadPublicKeys(options['public-key'])
  }
  let minisignKeys: MinisignKey[] | undefined
  if (options['minisign-public-key']?.length) {
    const { loadMinisignKeys } = await import('./signature/minisign.ts')
    minisignKeys = await loadMinisignKeys(options['minisign-public-key'])
  }
  // The release version may only be known once the release is resolved (`latest`): checked then.
  validateRegistryTargets(registryTargetsFrom(options, options.version ?? 'known-later'))

  let directory = source.kind === 'folder' ? source.directory : ''
  let fetched: FetchedRelease | undefined
  if (source.kind === 'github') {
    fetched = await logger.group('Fetch the release', () => fetchRelease(source, options, suite, ctx))
    directory = fetched.dir
  } else if (source.kind === 'artifact') {
    directory = await logger.group('Fetch the workflow artifact', () =>
      fetchArtifact(source, options, suite, ctx),
    )
  }
  const tag = fetched?.release.tag_name ?? options.tag
  const { tagVersion, version } = releaseVersion(options, tag)
  suite.release = { ...suite.release, ...(tag ? { tag } : {}), ...(version ? { version } : {}) }
  // Paths in annotations and the report are relative to where the run started (the workspace).
  const locate = (file: string): string => path.join(directory, file).split(path.sep).join('/')

  const folder = await logger.group('Read the release', async () => {
    const all = await readReleaseFolder(directory, options.checksums)
    // A reused download folder may hold files of another run: only what was fetched now is the release.
    const f = fetched ? onlyFetched(all, fetched.digests) : all
    logger.info(
      `${f.assets.length} assets, ${f.manifests.length} manifests, signatures: ${f.signatures.length} OpenPGP, ${f.minisigs.length} minisign, ${f.cosign.length} cosign pairs, ${f.bundles.length} Sigstore bundles in ${f.dir}`,
    )
    return f
  })
  checkFolder(suite, folder, directory)
  if (tag && options.version) checkTagVersion(suite, tag, tagVersion, options.version)

  const parsed: ParsedManifest[] = []
  for (const m of folder.manifests) parsed.push(parseManifest(await readFile(m.path, 'utf8'), m.name))
  const manifests = skipExcluded(suite, parsed, fetched?.excluded ?? [])

  const digests = await logger.group('Hash every file in one pass', () =>
    hashRelease(folder.files, manifests, suite, ctx, fetched?.digests),
  )

  const vouched = checkManifests(suite, manifests, folder.files, digests, locate)
  checkCoverage(suite, folder.assets, manifests)
  if (options['expected-assets']?.length) {
    checkExpected(suite, options['expected-assets'], folder.files, {
      ...(version ? { version } : {}),
      ...(tag ? { tag } : {}),
    })
  }
  const signed = await logger.group('Verify signatures', async () => {
    const openpgp = await checkSignatures(suite, folder, keys, ctx)
    for (const name of await checkMinisign(suite, folder, minisignKeys, ctx)) openpgp.add(name)
    return openpgp
  })
  const sigstoreSigned = await logger.group('Verify Sigstore bundles', () =>
    checkSigstore(suite, folder, options, digests, ctx),
  )
  for (const name of sigstoreSigned) signed.add(name)
  if (source.kind === 'github' && options.attestations !== 'off') {
    await logger.group('Verify GitHub artifact attestations', () =>
      runAttestations(suite, source, folder.assets, digests, options, ctx),
    )
  }
  if (requireSignature) checkSignatureCoverage(suite, folder, manifests, vouched, signed)
  if (options['check-archives'])
    await logger.group('Read archives to the end', () => checkArchives(suite, folder.assets, ctx))
  checkVersions(suite, [...folder.assets, ...folder.manifests], version)
  const targets = registryTargetsFrom(options, version)
  if (wantsRegistryChecks(targets)) {
    // Loaded only when a registry is named, like the verifiers: start-up stays small for the rest.
    const { checkRegistries } = await import('./registries/check-registries.ts')
    await logger.group('Cross-check package registries', () =>
      checkRegistries(suite, folder.files, digests, targets, ctx),
    )
  }
  return suite.finish()
}

/** The version names must carry: the `version` input, else the tag's; a tag without one needs `version`. */
function releaseVersion(
  options: VerifyOptions,
  tag: string | undefined,
): { tagVersion: string | undefined; version: string | undefined } {
  const tagVersion = tag ? versionFromTag(tag) : undefined
  const version = options.version ?? tagVersion
  if (tag && !options.version && !version) {
    throw new PostflightError(
      'BAD_INPUT',
      `input 'tag': '${tag}' carries no version (expected e.g. v1.2.3); pass 'version' too`,
      {
        field: 'tag',
      },
    )
  }
  return { tagVersion, version }
}
