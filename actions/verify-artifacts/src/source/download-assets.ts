import { rm } from 'node:fs/promises'
import path from 'node:path'
import {
  type DownloadResult,
  downloadToFile,
  type EngineContext,
  type HashAlgorithm,
  isPostflightError,
} from '@postflight/core'
import type { GithubApi } from './github-api.ts'
import type { ReleaseAsset } from './release-api.ts'

export type DownloadOutcome =
  | { asset: ReleaseAsset; file: string; durationMs: number; result: DownloadResult<HashAlgorithm> }
  | { asset: ReleaseAsset; file: string; durationMs: number; error: unknown; attempts: number }

export interface DownloadAllOptions {
  repo: string
  dir: string
  algorithms: readonly HashAlgorithm[]
  concurrency: number
}

/**
 * Downloads assets through the API's asset endpoint with a token (the 302 to storage is followed by
 * the download itself, which keeps the token on the API's origin), or their public link without one, `concurrency` at a time, each hashed as it is
 * written; every name must be a plain file name (isSafeFileName: the callers filter them first).
 * A failed asset is an outcome, not an exception — its partial file is removed so no later
 * check reads half a file — except a cancellation, which stops everything.
 */
export async function downloadAll(
  api: GithubApi,
  assets: readonly ReleaseAsset[],
  options: DownloadAllOptions,
  ctx: EngineContext,
): Promise<DownloadOutcome[]> {
  const outcomes: DownloadOutcome[] = new Array(assets.length)
  let next = 0
  const worker = async (): Promise<void> => {
    for (let i = next++; i < assets.length; i = next++) {
      outcomes[i] = await downloadOne(api, assets[i] as ReleaseAsset, options, ctx)
    }
  }
  await Promise.all(Array.from({ length: Math.min(options.concurrency, assets.length) }, worker))
  return outcomes
}

async function downloadOne(
  api: GithubApi,
  asset: ReleaseAsset,
  options: DownloadAllOptions,
  ctx: EngineContext,
): Promise<DownloadOutcome> {
  const file = path.join(options.dir, asset.name)
  let lastReport = 0
  const started = performance.now()
  try {
    // Anonymous requests to the API are limited to 60 an hour, fewer than a big release's assets:
    // without a token, take the public download link, which that limit does not count.
    const url = api.authenticated
      ? api.url(`/repos/${options.repo}/releases/assets/${asset.id}`)
      : asset.browser_download_url
    const result = await downloadToFile(url, file, {
      ...api.policy('application/octet-stream'),
      algorithms: options.algorithms,
      expectedSize: asset.size,
      signal: ctx.signal,
      onProgress: (p) => {
        const now = performance.now()
        if (now - lastReport < 1000) return
        lastReport = now
        ctx.progress?.({
          label: `download ${asset.name}`,
          done: p.bytesDone,
          total: asset.size,
          unit: 'bytes',
        })
      },
    })
    ctx.logger.info(`downloaded ${asset.name} (${result.size} bytes, ${result.attempts} attempt(s))`)
    return { asset, file, durationMs: performance.now() - started, result }
  } catch (err) {
    if (ctx.signal.aborted || isPostflightError(err, 'ABORTED')) throw err
    await rm(file, { force: true })
    const attempts = (err as { attempts?: unknown }).attempts
    return {
      asset,
      file,
      durationMs: performance.now() - started,
      error: err,
      attempts: typeof attempts === 'number' ? attempts : 1,
    }
  }
}
