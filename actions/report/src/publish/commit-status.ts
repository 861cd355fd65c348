import type { CheckStatus } from '@postflight/core'
import { verdictLine } from './messages.ts'
import type { GithubTargetContext, PublishOutcome } from './types.ts'

/**
 * The report's verdict as a commit state. Fail-closed: a report that could not judge or checked
 * nothing is `error`, never green; warnings pass, as they pass the step.
 */
const STATE: Record<CheckStatus, 'success' | 'failure' | 'error'> = {
  pass: 'success',
  warn: 'success',
  fail: 'failure',
  error: 'error',
  skip: 'error',
}

/** As a check run: warnings are `neutral` (still mergeable under branch protection, but visibly not green). */
const CONCLUSION: Record<CheckStatus, 'success' | 'neutral' | 'failure'> = {
  pass: 'success',
  warn: 'neutral',
  fail: 'failure',
  error: 'failure',
  skip: 'failure',
}

/** GitHub truncates nothing: a status description over 140 characters is refused. */
function description(text: string): string {
  return text.length <= 140 ? text : `${text.slice(0, 139)}…`
}

/** `POST /repos/{o}/{r}/statuses/{sha}` with context `postflight` (needs `statuses: write`). */
export async function publishStatus(t: GithubTargetContext): Promise<PublishOutcome> {
  const { sha } = t.pc
  if (!sha) return { status: 'warn', message: 'no commit to set a status on: give sha (or run on Actions)' }
  const state = STATE[t.report.status]
  await t.gh.send('POST', `/repos/${t.repo}/statuses/${sha}`, {
    state,
    context: 'postflight',
    description: description(verdictLine(t.report)),
    ...(t.pc.reportUrl ? { target_url: t.pc.reportUrl } : {}),
  })
  return { status: 'pass', message: `status ${state} set on ${sha}`, evidence: { sha, state } }
}

/** `POST /repos/{o}/{r}/check-runs`, completed, with the summary as its output (needs `checks: write`). */
export async function publishCheckRun(t: GithubTargetContext, summary: string): Promise<PublishOutcome> {
  const { sha } = t.pc
  if (!sha)
    return { status: 'warn', message: 'no commit to attach a check run to: give sha (or run on Actions)' }
  const conclusion = CONCLUSION[t.report.status]
  const run = await t.gh.send<{ id: number; html_url: string | null }>(
    'POST',
    `/repos/${t.repo}/check-runs`,
    {
      name: 'postflight',
      head_sha: sha,
      status: 'completed',
      conclusion,
      completed_at: new Date().toISOString(),
      ...(t.pc.reportUrl ? { details_url: t.pc.reportUrl } : {}),
      output: { title: verdictLine(t.report).slice(0, 255), summary },
    },
  )
  return {
    status: 'pass',
    message: `check run ${run.id} (${conclusion}) on ${sha}`,
    evidence: { sha, conclusion, id: run.id },
  }
}
