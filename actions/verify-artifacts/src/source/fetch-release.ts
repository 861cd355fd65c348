import { mkdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import type { EngineContext, HashAlgorithm, SuiteBuilder } from '@postflight/core'
import type { DigestTable } from '../checks/checksums.ts'
import { checkApiDigest, checkAssetState, checkReleaseState, recordDownload } from '../checks/release.ts'
import type { VerifyOptions } from '../inputs.ts'
import { isManifestName, parseManifest } from '../manifest/index.ts'
import type { ReleaseFile, ReleaseFolder } from '../release-folder.ts'
import { type DownloadOutcome, downloadAll } from './download-assets.ts'
import { GithubApi } from './github-api.ts'
import { listAssets, type Release, type ReleaseAsset, resolveRelease } from './release-api.ts'
import type { GithubSource } from './release-source.ts'
import { isSafeFileName, selectAssets } from './select-assets.ts'

export interface FetchedRelease {
  release: Release
  /** The folder the assets are in: the folder checks run on it as on any release folder. */
  dir: string
  /** Digests computed while downloading, so the checksum checks never read a file again. */
  digests: DigestTable
  /** Assets left out by include/exclude: manifest entries naming them are not checked. */
  excluded: string[]
}

/**
 * Resolves a GitHub release, lists its assets, and downloads them into the download folder, hashed
 * in the same pass. Manifests come first, so the rest are hashed with every algorithm they ask for.
 * Each asset's transfer and its API digest are checks; a failing asset never stops the others.
 */
export async function fetchRelease(
  source: GithubSource,
  options: VerifyOptions,
  suite: SuiteBuilder,
  ctx: EngineContext,
): Promise<FetchedRelease> {
  if (source.token) ctx.secrets.add(source.token)
  const api = new GithubApi({
    baseUrl: source.apiUrl,
    signal: ctx.signal,
    ...(source.token ? { token: source.token } : {}),
  })
  const release = await resolveRelease(api, source.repo, source.which)
  ctx.logger.info(`${source.repo} ${release.tag_name} (release ${release.id}) at ${api.baseUrl}`)
  checkReleaseState(suite, release)
  const assets = await listAssets(api, source.repo, release)
  const isManifest = (name: string): boolean => isManifestName(name, options.checksums)
  const { selected, excluded } = selectAssets(assets, options, isManifest)
  if (excluded.length > 0)
    ctx.logger.info(`not fetched (include/exclude): ${excluded.map((a) => a.name).join(', ')}`)
  const fetchable = selected.filter((a) => checkAssetState(suite, a) && checkName(suite, a))

  const dir = options['download-dir'] ?? path.join(ctx.workDir, 'release')
  await mkdir(dir, { recursive: true })
  const started = performance.now()
  const digests: DigestTable = new Map()
  const common = { repo: source.repo, dir, concurrency: options.concurrency }
  const manifests = await downloadAll(
    api,
    fetchable.filter((a) => isManifest(a.name)),
    { ...common, algorithms: ['sha256'] },
    ctx,
  )
  const algorithms = await algorithmsAskedBy(manifests)
  const rest = await downloadAll(
    api,
    fetchable.filter((a) => !isManifest(a.name)),
    { ...common, algorithms },
    ctx,
  )

  let bytes = 0
  for (const outcome of [...manifests, ...rest]) {
    recordDownload(suite, outcome)
    if ('error' in outcome) continue
    bytes += outcome.result.size
    digests.set(outcome.asset.name, outcome.result.digests)
    checkApiDigest(suite, outcome.asset, outcome.result.digests)
  }
  const seconds = (performance.now() - started) / 1000
  suite.metric('downloaded-bytes', bytes, 'B')
  suite.metric('download-throughput', seconds > 0 ? bytes / 1e6 / seconds : 0, 'MB/s')
  return { release, dir, digests, excluded: excluded.map((a) => a.name) }
}

function checkName(suite: SuiteBuilder, asset: ReleaseAsset): boolean {
  if (isSafeFileName(asset.name)) return true
  suite.add({
    id: suite.uniqueId(`download:${asset.name}`),
    title: `${asset.name} downloads`,
    status: 'fail',
    message: `the asset name ${JSON.stringify(asset.name)} is not a plain file name: not downloaded`,
  })
  return false
}

/** sha256 (for GitHub's digest) plus whatever the downloaded manifests list their entries with. */
async function algorithmsAskedBy(manifests: readonly DownloadOutcome[]): Promise<HashAlgorithm[]> {
  const algorithms = new Set<HashAlgorithm>(['sha256'])
  for (const m of manifests) {
    if ('error' in m) continue
    const parsed = parseManifest(await readFile(m.file, 'utf8'), m.asset.name)
    for (const entry of parsed.entries) algorithms.add(entry.algorithm)
  }
  return [...algorithms]
}

/** The folder's view restricted to the files fetched in this run. */
export function onlyFetched(folder: ReleaseFolder, fetched: ReadonlyMap<string, unknown>): ReleaseFolder {
  const keep = (files: ReleaseFile[]): ReleaseFile[] => files.filter((f) => fetched.has(f.name))
  return {
    ...folder,
    files: keep(folder.files),
    manifests: keep(folder.manifests),
    signatures: keep(folder.signatures),
    minisigs: keep(folder.minisigs),
    cosign: folder.cosign.filter((p) => fetched.has(p.signature.name) && fetched.has(p.certificate.name)),
    bundles: keep(folder.bundles),
    assets: keep(folder.assets),
  }
}
