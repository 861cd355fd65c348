import type { CheckStatus, Logger, Report } from '@postflight/core'
import type { PublishContext } from './context.ts'
import type { GithubClient } from './github-client.ts'

/** What one publishing step did; it becomes the report's `publish:<target>` check. */
export interface PublishOutcome {
  status: Extract<CheckStatus, 'pass' | 'warn' | 'skip'>
  message: string
  evidence?: Record<string, string | number | boolean>
}

export interface TargetContext {
  report: Report
  pc: PublishContext
  logger: Logger
  signal: AbortSignal
}

/** A GitHub target also gets the client, built only when there is a token and a repository. */
export interface GithubTargetContext extends TargetContext {
  gh: GithubClient
  repo: string
}
