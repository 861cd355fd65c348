import { readFile } from 'node:fs/promises'
import { PostflightError } from '@postflight/core'
import type { ReportOptions } from '../inputs.ts'

/** Where and about what the verdict is published, resolved once from the inputs, the environment and the event. */
export interface PublishContext {
  apiUrl: string
  repo: string | undefined
  token: string | undefined
  /** The commit statuses and check runs go to: a PR's head, never the merge commit GITHUB_SHA names. */
  sha: string | undefined
  eventName: string | undefined
  /** The pull request the sticky comment goes on. */
  pullNumber: number | undefined
  /**
   * A workflow_run's head as `owner:branch`: GitHub leaves the run's `pull_requests` empty when
   * the head is a fork, so the PR is looked up by it.
   */
  headLabel: string | undefined
  /** The event came from a fork: its token is read-only, whatever the workflow asks for. */
  fromFork: boolean
  /** The release whose notes get the verdict (a release event's), else found by tag. */
  releaseId: number | undefined
  /** A push of a tag: a release run like a `release` event. */
  tagPush: boolean
  runUrl: string | undefined
  /** The link in every published message: `report-url`, else the run. */
  reportUrl: string | undefined
  workflow: string | undefined
}

interface Repo {
  full_name?: string
  owner?: { login?: string }
}

interface EventPayload {
  repository?: Repo
  pull_request?: { number?: number; head?: { sha?: string; repo?: Repo | null } }
  workflow_run?: {
    head_sha?: string
    html_url?: string
    head_branch?: string | null
    head_repository?: Repo | null
    pull_requests?: Array<{ number?: number }>
  }
  release?: { id?: number }
}

/**
 * Resolves the publishing context. The event's SHA and PR are used only for the repository the
 * event is about: a `repository` input naming another one gets GITHUB_SHA's neighbours nothing.
 */
export async function publishContext(
  options: ReportOptions,
  env: NodeJS.ProcessEnv,
): Promise<PublishContext> {
  const repo = options.repository ?? env.GITHUB_REPOSITORY
  const payload = await readEvent(env.GITHUB_EVENT_PATH)
  const ours = options.repository === undefined || options.repository === env.GITHUB_REPOSITORY
  const event = ours ? payload : {}
  const base = event.repository?.full_name
  const pr = event.pull_request
  const run = event.workflow_run
  // A workflow_run follow-up publishes what the triggering run found: the link goes to that run.
  const runUrl =
    run?.html_url ??
    (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
      ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
      : undefined)
  const headRepo = pr?.head?.repo?.full_name ?? run?.head_repository?.full_name
  return {
    apiUrl: options['github-api-url'] ?? env.GITHUB_API_URL ?? 'https://api.github.com',
    repo,
    token: options.token ?? (env.GITHUB_TOKEN || env.GH_TOKEN || undefined),
    sha: options.sha ?? pr?.head?.sha ?? run?.head_sha ?? (ours ? env.GITHUB_SHA : undefined),
    eventName: env.GITHUB_EVENT_NAME,
    pullNumber: pr?.number ?? run?.pull_requests?.[0]?.number,
    headLabel:
      run?.head_branch && run.head_repository?.owner?.login
        ? `${run.head_repository.owner.login}:${run.head_branch}`
        : undefined,
    fromFork: headRepo !== undefined && base !== undefined && headRepo !== base,
    releaseId: event.release?.id,
    tagPush: env.GITHUB_EVENT_NAME === 'push' && (env.GITHUB_REF ?? '').startsWith('refs/tags/'),
    runUrl,
    reportUrl: options['report-url'] ?? runUrl,
    workflow: env.GITHUB_WORKFLOW,
  }
}

async function readEvent(file: string | undefined): Promise<EventPayload> {
  if (!file) return {}
  try {
    return JSON.parse(await readFile(file, 'utf8')) as EventPayload
  } catch (err) {
    throw new PostflightError(
      'BAD_INPUT',
      `could not read the event payload at ${file} (GITHUB_EVENT_PATH)`,
      {
        cause: err,
      },
    )
  }
}
