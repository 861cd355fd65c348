import { PostflightError } from '@postflight/core'
import { releaseSection, withReleaseSection } from './messages.ts'
import type { GithubTargetContext, PublishOutcome } from './types.ts'

interface Release {
  id: number
  body?: string | null
  html_url: string
}

/**
 * The verdict table in the release notes, between markers: a re-run replaces it, never adds a
 * second. The release is the event's, else the one tagged like the report's release. Needs
 * `contents: write`.
 */
export async function publishReleaseNotes(t: GithubTargetContext): Promise<PublishOutcome> {
  const tag = t.report.release.tag
  let release: Release
  try {
    if (t.pc.releaseId !== undefined)
      release = await t.gh.get<Release>(`/repos/${t.repo}/releases/${t.pc.releaseId}`)
    else if (tag)
      release = await t.gh.get<Release>(`/repos/${t.repo}/releases/tags/${encodeURIComponent(tag)}`)
    else
      return {
        status: 'warn',
        message: 'no release to add the verdict to: not a release event and the results name no tag',
      }
  } catch (err) {
    if (err instanceof PostflightError && err.code === 'NOT_FOUND')
      return {
        status: 'warn',
        message: `no release ${tag ?? t.pc.releaseId} in ${t.repo} (a draft is found only on its release event)`,
      }
    throw err
  }
  const body = withReleaseSection(release.body, releaseSection(t.report, t.pc))
  if (body === release.body)
    return { status: 'pass', message: `release notes of ${release.html_url} already up to date` }
  await t.gh.send('PATCH', `/repos/${t.repo}/releases/${release.id}`, { body })
  return {
    status: 'pass',
    message: `verdict in the notes of ${release.html_url}`,
    evidence: { release: release.id },
  }
}
