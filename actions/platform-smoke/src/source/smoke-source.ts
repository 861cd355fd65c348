import { PostflightError } from '@postflight/core'
import type { SmokeOptions } from '../inputs.ts'

export type ReleaseWhich = { tag: string } | { latest: true }

/** Where the release assets come from: a folder, a workflow artifact of this run, or a GitHub release. */
export type SmokeSource =
  | { kind: 'folder'; directory: string }
  | { kind: 'artifact'; name: string }
  | { kind: 'github'; apiUrl: string; repo: string; which: ReleaseWhich; token: string | undefined }

/**
 * Picks the source as verify-artifacts does: `directory` wins, then `artifact-name` (assets tested
 * before they are published), else the GitHub release `repository` (default GITHUB_REPOSITORY) at
 * `tag` (a tag, or `latest`). GITHUB_TOKEN/GH_TOKEN and GITHUB_API_URL fill what the inputs leave open.
 */
export function smokeSource(options: SmokeOptions, env: NodeJS.ProcessEnv = process.env): SmokeSource {
  if (options.directory) return { kind: 'folder', directory: options.directory }
  if (options['artifact-name']) return { kind: 'artifact', name: options['artifact-name'] }
  const repo = options.repository ?? env.GITHUB_REPOSITORY
  const { tag } = options
  if (!repo || !tag) {
    throw new PostflightError(
      'BAD_INPUT',
      "no release to test: give 'directory' (a release folder), 'artifact-name' (a workflow artifact of this run), or 'tag' (a tag or latest) with 'repository' (owner/name, default GITHUB_REPOSITORY)",
      { field: tag ? 'repository' : repo ? 'tag' : 'directory' },
    )
  }
  return {
    kind: 'github',
    apiUrl: options['github-api-url'] ?? env.GITHUB_API_URL ?? 'https://api.github.com',
    repo,
    which: tag === 'latest' ? { latest: true } : { tag },
    token: options.token ?? (env.GITHUB_TOKEN || env.GH_TOKEN || undefined),
  }
}
