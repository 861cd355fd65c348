import { readFile } from 'node:fs/promises'
import { PostflightError } from '@postflight/core'
import type { VerifyOptions } from '../inputs.ts'
import type { ReleaseSelector } from './release-api.ts'

export interface FolderSource {
  kind: 'folder'
  directory: string
}

export interface ArtifactSource {
  kind: 'artifact'
  name: string
}

export interface GithubSource {
  kind: 'github'
  apiUrl: string
  repo: string
  which: ReleaseSelector
  token: string | undefined
}

interface ReleaseEvent {
  release?: { id?: number; tag_name?: string }
  repository?: { full_name?: string }
}

/**
 * Where the release comes from. `directory` wins (the folder as it is), then `artifact-name` (a
 * workflow artifact of this run, before it is published); otherwise a GitHub release
 * named by `repository`/`tag`, or by the `release` event the step runs on. Environment defaults
 * (GITHUB_REPOSITORY, GITHUB_TOKEN/GH_TOKEN, GITHUB_API_URL) fill only what the inputs leave open.
 */
export async function releaseSource(
  options: VerifyOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<FolderSource | ArtifactSource | GithubSource> {
  if (options.directory) return { kind: 'folder', directory: options.directory }
  if (options['artifact-name']) return { kind: 'artifact', name: options['artifact-name'] }
  const event = env.GITHUB_EVENT_NAME === 'release' ? await readEvent(env.GITHUB_EVENT_PATH) : undefined
  const repo = options.repository ?? event?.repository?.full_name ?? env.GITHUB_REPOSITORY
  const which = selector(
    options.tag,
    options.repository === undefined || options.repository === repo ? event : undefined,
  )
  if (!repo || !which) {
    throw new PostflightError(
      'BAD_INPUT',
      "nothing to verify: give 'directory' (a release folder), or 'tag' (a tag or latest) and 'repository' (owner/name) to fetch a GitHub release",
      { field: repo ? 'tag' : 'directory' },
    )
  }
  return {
    kind: 'github',
    apiUrl: options['github-api-url'] ?? env.GITHUB_API_URL ?? 'https://api.github.com',
    repo,
    which,
    token: options.token ?? (env.GITHUB_TOKEN || env.GH_TOKEN || undefined),
  }
}

function selector(tag: string | undefined, event: ReleaseEvent | undefined): ReleaseSelector | undefined {
  if (tag === 'latest') return { latest: true }
  if (tag) return { tag }
  // By id: a draft (published: false yet) has no tag lookup, but the event's id still finds it.
  if (typeof event?.release?.id === 'number') return { id: event.release.id }
  return undefined
}

async function readEvent(file: string | undefined): Promise<ReleaseEvent | undefined> {
  if (!file) return undefined
  try {
    return JSON.parse(await readFile(file, 'utf8')) as ReleaseEvent
  } catch (err) {
    throw new PostflightError('BAD_INPUT', `could not read the release event payload at ${file}`, {
      cause: err,
    })
  }
}
