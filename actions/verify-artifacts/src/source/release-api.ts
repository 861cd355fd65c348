import { isPostflightError, PostflightError } from '@postflight/core'
import type { GithubApi } from './github-api.ts'

/** The fields of GitHub's `release-asset` this action reads. */
export interface ReleaseAsset {
  id: number
  name: string
  size: number
  /** `sha256:<hex>`, computed by GitHub at upload; null for assets uploaded before it did. */
  digest: string | null
  /** `uploaded`, or `open` while an upload has not finished. */
  state: string
  url: string
  /** github.com's download link: public assets, no token, outside the API's rate limit. */
  browser_download_url: string
}

/** The fields of GitHub's `release` this action reads. */
export interface Release {
  id: number
  tag_name: string
  draft: boolean
  prerelease: boolean
  html_url: string
}

/** Which release: by tag, the latest, or by id (a `release` event's payload names it, drafts included). */
export type ReleaseSelector = { tag: string } | { latest: true } | { id: number }

/** Looks a release up; a missing one is NOT_FOUND with what to check. */
export async function resolveRelease(api: GithubApi, repo: string, which: ReleaseSelector): Promise<Release> {
  const path =
    'latest' in which
      ? `/repos/${repo}/releases/latest`
      : 'id' in which
        ? `/repos/${repo}/releases/${which.id}`
        : `/repos/${repo}/releases/tags/${encodeURIComponent(which.tag)}`
  try {
    return await api.get<Release>(path)
  } catch (err) {
    if (!isPostflightError(err, 'NOT_FOUND')) throw err
    // A draft has no tag yet, so the tag lookup cannot find it; the list shows drafts to a token
    // with push access, which is how a pipeline verifies what it is about to publish.
    const draft = 'tag' in which && api.authenticated ? await findDraft(api, repo, which.tag) : undefined
    if (draft) return draft
    const what =
      'latest' in which
        ? 'latest release'
        : 'id' in which
          ? `release ${which.id}`
          : `release tagged '${which.tag}'`
    throw new PostflightError(
      'NOT_FOUND',
      `${repo} has no ${what} at ${api.baseUrl} (a private repository or a draft needs a token with access)`,
      { cause: err, field: 'tag' in which ? 'tag' : 'repository' },
    )
  }
}

/** Every asset of a release, across pages. */
export function listAssets(api: GithubApi, repo: string, release: Release): Promise<ReleaseAsset[]> {
  return api.paginate<ReleaseAsset>(`/repos/${repo}/releases/${release.id}/assets`)
}

async function findDraft(api: GithubApi, repo: string, tag: string): Promise<Release | undefined> {
  const releases = await api.paginate<Release>(`/repos/${repo}/releases`)
  return releases.find((r) => r.draft && r.tag_name === tag)
}
