import { releaseName } from '../render/common.ts'
import { isBad, issueMarker, summaryBody } from './messages.ts'
import type { GithubTargetContext, PublishOutcome } from './types.ts'

/** The label our issues carry, so the open one is found with one filtered list instead of every issue. */
export const ISSUE_LABEL = 'postflight'

interface Issue {
  number: number
  body?: string | null
  html_url: string
  pull_request?: unknown
}

/**
 * Runs that own an issue: scheduled and release runs (a `release` event or a tag push). A pull
 * request's failure belongs in its own comment; the CLI (no event) has asked for it by name.
 */
function ownsIssues(t: GithubTargetContext): boolean {
  const e = t.pc.eventName
  return e === undefined || e === 'schedule' || e === 'release' || e === 'workflow_dispatch' || t.pc.tagPush
}

/**
 * On a failed run: open one issue, or update the open one. On the next green run: close it with a
 * comment saying which run passed. Needs `issues: write`.
 */
export async function publishIssue(t: GithubTargetContext): Promise<PublishOutcome> {
  if (!ownsIssues(t))
    return {
      status: 'skip',
      message: `issues are for scheduled and release runs, not ${t.pc.eventName} runs`,
    }
  const marker = issueMarker(t.pc)
  const open = await t.gh.paginate<Issue>(`/repos/${t.repo}/issues?state=open&labels=${ISSUE_LABEL}`)
  const ours = open.find((i) => i.pull_request === undefined && (i.body ?? '').includes(marker))
  if (isBad(t.report.status)) {
    const body = summaryBody(t.report, t.pc, marker)
    if (ours) {
      await t.gh.send('PATCH', `/repos/${t.repo}/issues/${ours.number}`, { body })
      return {
        status: 'pass',
        message: `updated open issue ${ours.html_url}`,
        evidence: { issue: ours.number },
      }
    }
    const name = releaseName(t.report)
    const created = await t.gh.send<Issue>('POST', `/repos/${t.repo}/issues`, {
      title: `Postflight: ${name ? `${name} ` : ''}release validation failed${t.pc.workflow ? ` (${t.pc.workflow})` : ''}`,
      body,
      labels: [ISSUE_LABEL],
    })
    return {
      status: 'pass',
      message: `opened issue ${created.html_url}`,
      evidence: { issue: created.number },
    }
  }
  if (!ours) return { status: 'pass', message: 'green, and no open issue to close' }
  const run = t.pc.runUrl ? ` in ${t.pc.runUrl}` : ''
  await t.gh.send('POST', `/repos/${t.repo}/issues/${ours.number}/comments`, {
    body: `Postflight passed again${run}${t.pc.sha ? ` at ${t.pc.sha}` : ''}: closing.`,
  })
  await t.gh.send('PATCH', `/repos/${t.repo}/issues/${ours.number}`, {
    state: 'closed',
    state_reason: 'completed',
  })
  return { status: 'pass', message: `closed issue ${ours.html_url}`, evidence: { issue: ours.number } }
}
