import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { describeError, type EngineContext, PostflightError } from '@postflight/core'
import {
  downloadAll,
  GithubApi,
  isSafeFileName,
  listAssets,
  resolveRelease,
} from '@postflight/verify-artifacts'
import { manifestsFor, type OpenedRelease } from './opened-release.ts'
import type { SmokeSource } from './smoke-source.ts'

/**
 * A GitHub release, read with verify-artifacts' client: resolved and listed now, and only the
 * asset picked (with the checksum manifests that may vouch for it) downloaded, hashed as it is
 * written. A failed download of the asset is an error (nothing could be tested); a manifest that
 * fails to download only leaves the checksum check with less to go on.
 */
export async function openGithubRelease(
  source: Extract<SmokeSource, { kind: 'github' }>,
  ctx: EngineContext,
): Promise<OpenedRelease> {
  if (source.token) ctx.secrets.add(source.token)
  const api = new GithubApi({
    baseUrl: source.apiUrl,
    signal: ctx.signal,
    ...(source.token ? { token: source.token } : {}),
  })
  const release = await resolveRelease(api, source.repo, source.which)
  ctx.logger.info(`${source.repo} ${release.tag_name} (release ${release.id}) at ${api.baseUrl}`)
  const listed = (await listAssets(api, source.repo, release)).filter((a) => a.state === 'uploaded')
  // Each asset is written to <dir>/<name>: a name that is not a plain file name (`../x`, `a/b`), which
  // GitHub never serves but a compromised or fake server could, would be written outside it.
  const assets = listed.filter((a) => isSafeFileName(a.name))
  for (const a of listed)
    if (!assets.includes(a))
      ctx.logger.warn(`ignored the asset ${JSON.stringify(a.name)}: not a plain file name`)
  const byName = new Map(assets.map((a) => [a.name, a]))
  const names = [...byName.keys()]
  return {
    names,
    tag: release.tag_name,
    apiDigests: new Map(assets.map((a) => [a.name, a.digest])),
    async obtain(asset) {
      const dir = path.join(ctx.workDir, 'release')
      await mkdir(dir, { recursive: true })
      const manifests = manifestsFor(names, asset)
      const wanted = [asset, ...manifests].flatMap((n) => byName.get(n) ?? [])
      const outcomes = await downloadAll(
        api,
        wanted,
        { repo: source.repo, dir, algorithms: ['sha256'], concurrency: 4 },
        ctx,
      )
      const sha256 = new Map<string, string>()
      const got: string[] = []
      for (const o of outcomes) {
        if ('error' in o) {
          if (o.asset.name === asset)
            throw new PostflightError(
              'NETWORK',
              `could not download ${asset} from ${source.repo} ${release.tag_name} after ${o.attempts} attempt(s): ${describeError(o.error)}`,
              { cause: o.error },
            )
          ctx.logger.warn(`could not download the manifest ${o.asset.name}: ${describeError(o.error)}`)
          continue
        }
        got.push(o.asset.name)
        sha256.set(o.asset.name, o.result.digests.sha256)
      }
      return { dir, manifests: manifests.filter((m) => got.includes(m)), sha256 }
    },
  }
}
