import {
  type CheckInput,
  describeError,
  type Logger,
  type Report,
  type RetryOptions,
  type SecretRegistry,
} from '@postflight/core'
import type { PublishTarget, ReportOptions } from './inputs.ts'
import { publishCheckRun, publishStatus } from './publish/commit-status.ts'
import { type PublishContext, publishContext } from './publish/context.ts'
import { publishIssue } from './publish/failure-issue.ts'
import { GithubClient, isPermissionError } from './publish/github-client.ts'
import { forkGuidance, PERMISSION } from './publish/guidance.ts'
import { publishReleaseNotes } from './publish/release-notes.ts'
import { publishComment } from './publish/sticky-comment.ts'
import type { GithubTargetContext, PublishOutcome, TargetContext } from './publish/types.ts'
import { publishWebhook } from './publish/webhook.ts'
import { renderMarkdown } from './render/markdown.ts'

export interface PublishRunContext {
  logger: Logger
  signal: AbortSignal
  secrets: SecretRegistry
}

/**
 * Publishes a report to each target `publish` names and returns one check per target
 * (`publish:<target>`). Publishing never decides the verdict: a refused or failed delivery is a
 * `warn`, so the summary, the files and the step's exit code are those of the release alone.
 */
export interface Publisher {
  publish(report: Report, options: ReportOptions, ctx: PublishRunContext): Promise<CheckInput[]>
}

// Neutral titles: a warned check's title becomes its annotation's, and must not claim it happened.
const TITLE: Record<PublishTarget, string> = {
  status: 'Publish the commit status',
  'check-run': 'Publish the check run',
  comment: 'Publish the pull request comment',
  issue: 'Open, update or close the failure issue',
  'release-notes': 'Publish the verdict in the release notes',
  webhook: 'Deliver the webhook',
}

export interface PublisherDeps {
  env?: NodeJS.ProcessEnv
  /** Backoff of GitHub writes and webhook deliveries (tests shorten it). */
  retry?: Omit<RetryOptions, 'signal' | 'shouldRetry'>
}

/** The publisher the action and the CLI use: GitHub's REST API and a webhook. */
export function createPublisher(deps: PublisherDeps = {}): Publisher {
  const env = deps.env ?? process.env
  return {
    async publish(report, options, ctx) {
      let pc: PublishContext
      try {
        pc = await publishContext(options, env)
      } catch (err) {
        return (options.publish ?? []).map((target) =>
          check(target, { status: 'warn', message: describeError(err) }),
        )
      }
      ctx.secrets.add(pc.token)
      const base: TargetContext = { report, pc, logger: ctx.logger, signal: ctx.signal }
      const checks: CheckInput[] = []
      let denied = false
      for (const target of [...new Set(options.publish ?? [])]) {
        const started = Date.now()
        let outcome: PublishOutcome
        try {
          outcome =
            target === 'webhook'
              ? await publishWebhook(base, {
                  url: options['webhook-url'] as string,
                  secret: options['webhook-secret'],
                  env,
                  ...(deps.retry ? { retry: deps.retry } : {}),
                })
              : await toGithub(target, base, deps)
        } catch (err) {
          const refused = target !== 'webhook' && isPermissionError(err)
          denied ||= refused
          outcome = {
            status: 'warn',
            message: refused
              ? `not published: the token may not do this (needs ${PERMISSION[target]}): ${describeError(err)}`
              : `not published: ${describeError(err)}`,
          }
        }
        // Info, not warn: a warned check becomes an annotation of its own on Actions.
        ctx.logger.info(`publish ${target}: ${outcome.status}: ${outcome.message}`)
        checks.push(check(target, outcome, Date.now() - started))
      }
      if (denied) {
        const [first, ...rest] = forkGuidance(pc).split('\n')
        ctx.logger.warn(`${first} The log says how to publish from a workflow_run workflow.`)
        for (const line of rest) ctx.logger.info(line)
      }
      return checks
    },
  }
}

async function toGithub(
  target: PublishTarget,
  base: TargetContext,
  deps: PublisherDeps,
): Promise<PublishOutcome> {
  const { pc } = base
  if (!pc.repo)
    return { status: 'warn', message: 'no repository to publish to: give repository (owner/name)' }
  if (!pc.token)
    return {
      status: 'warn',
      message: `no token: give token, or set GITHUB_TOKEN (needs ${PERMISSION[target]})`,
    }
  const gh = new GithubClient({
    baseUrl: pc.apiUrl,
    token: pc.token,
    signal: base.signal,
    ...(deps.retry ? { retry: deps.retry } : {}),
  })
  const t: GithubTargetContext = { ...base, gh, repo: pc.repo }
  switch (target) {
    case 'status':
      return publishStatus(t)
    case 'check-run':
      return publishCheckRun(
        t,
        renderMarkdown(base.report, {
          budgetBytes: 60_000,
          ...(pc.reportUrl ? { detailsUrl: pc.reportUrl } : {}),
        }),
      )
    case 'comment':
      return publishComment(t)
    case 'issue':
      return publishIssue(t)
    case 'release-notes':
      return publishReleaseNotes(t)
    default:
      throw new Error(`no GitHub target ${target}`)
  }
}

function check(target: PublishTarget, outcome: PublishOutcome, durationMs = 0): CheckInput {
  return {
    id: `publish:${target}`,
    title: TITLE[target],
    status: outcome.status,
    message: outcome.message,
    durationMs,
    ...(outcome.evidence ? { evidence: outcome.evidence } : {}),
  }
}

/**
 * Publishing never fails the step (a fork's read-only token must not turn a green release red).
 * Under fail-on warn a `warn` check would, so there a publishing warning is kept as a logged
 * warning (an annotation on Actions) and recorded as `skip`, which gates nothing.
 */
export function notGating(c: CheckInput, failOn: ReportOptions['fail-on'], logger: Logger): CheckInput {
  if (failOn !== 'warn' || c.status !== 'warn') return c
  logger.warn(`${c.title}: ${c.message}`)
  return {
    ...c,
    status: 'skip',
    message: `${c.message} (a warning, recorded as skip: publishing never fails the step)`,
  }
}
