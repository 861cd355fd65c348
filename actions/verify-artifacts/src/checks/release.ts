import { describeError, type SuiteBuilder } from '@postflight/core'
import type { DownloadOutcome } from '../source/download-assets.ts'
import type { Release, ReleaseAsset } from '../source/release-api.ts'

/**
 * The release's state. A draft warns: its assets can still change before it is published, and
 * nobody can download it yet. A prerelease passes with its state named: verifying release
 * candidates is the normal use, and a warning would make `fail-on: warn` fail every one of them.
 */
export function checkReleaseState(suite: SuiteBuilder, release: Release): void {
  const state = release.draft ? 'draft' : release.prerelease ? 'prerelease' : 'published'
  suite.add({
    id: 'release:state',
    title: 'The release is published',
    status: release.draft ? 'warn' : 'pass',
    message: release.draft
      ? `${release.tag_name} is a draft: its assets may still change before it is published`
      : `${release.tag_name} is ${state === 'prerelease' ? 'published as a prerelease' : 'published'}`,
    evidence: { id: release.id, tag: release.tag_name, state, url: release.html_url },
  })
}

/** An asset whose upload has not finished (`state` other than `uploaded`) fails: its bytes are not final. */
export function checkAssetState(suite: SuiteBuilder, asset: ReleaseAsset): boolean {
  if (asset.state === 'uploaded') return true
  suite.add({
    id: `upload:${asset.name}`,
    title: `${asset.name} is fully uploaded`,
    status: 'fail',
    message: `${asset.name} is in state '${asset.state}', not 'uploaded': its upload has not finished; not downloaded`,
    evidence: { state: asset.state, size: asset.size },
  })
  return false
}

/** One `download:<asset>` check per transfer, with its attempts (more than one: it was retried). */
export function recordDownload(suite: SuiteBuilder, outcome: DownloadOutcome): void {
  const { asset, durationMs } = outcome
  const base = { id: `download:${asset.name}`, title: `${asset.name} downloads`, durationMs }
  if ('error' in outcome) {
    suite.add({
      ...base,
      status: 'fail',
      message: `could not download ${asset.name} after ${outcome.attempts} attempt(s): ${describeError(outcome.error)}`,
      attempts: outcome.attempts,
      evidence: { size: asset.size },
    })
    return
  }
  const { result } = outcome
  suite.add({
    ...base,
    status: 'pass',
    message: `${result.size} bytes in ${result.attempts} attempt(s)${result.resumes ? `, resumed ${result.resumes} time(s)` : ''}`,
    attempts: result.attempts,
    ...(result.attempts > 1 ? { flaky: true } : {}),
    evidence: {
      size: result.size,
      attempts: result.attempts,
      resumes: result.resumes,
      sha256: result.digests.sha256,
    },
  })
}

/** The `digest` GitHub computed at upload against the bytes received. */
export function checkApiDigest(
  suite: SuiteBuilder,
  asset: ReleaseAsset,
  digests: Record<string, string>,
): void {
  const id = `digest:${asset.name}`
  const title = `${asset.name} matches the digest GitHub recorded at upload`
  if (asset.digest === null) {
    suite.add({
      id,
      title,
      status: 'skip',
      message: 'GitHub recorded no digest for this asset (uploaded before it computed them)',
    })
    return
  }
  const [algorithm = '', expected = ''] = asset.digest.split(':', 2)
  const actual = digests[algorithm]
  if (actual === undefined) {
    suite.add({
      id,
      title,
      status: 'skip',
      message: `digest '${asset.digest}' uses an algorithm not computed here`,
    })
    return
  }
  const ok = actual === expected.toLowerCase()
  suite.add({
    id,
    title,
    status: ok ? 'pass' : 'fail',
    message: ok
      ? `${algorithm} matches the API's digest`
      : `${algorithm} mismatch: the API recorded ${expected} at upload, the bytes received have ${actual}`,
    evidence: { algorithm, expected, ...(ok ? {} : { actual }) },
  })
}
