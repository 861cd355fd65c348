import { COMMENT_MARKER, summaryBody } from './messages.ts'
import type { GithubTargetContext, PublishOutcome } from './types.ts'

interface Comment {
  id: number
  body?: string | null
  html_url: string
}

interface Pull {
  number: number
  head: { sha: string }
}

/** The open PR whose head is the workflow_run's (`owner:branch`) at the same commit: a PR whose head has moved on gets no stale verdict. */
async function pullOfHead(t: GithubTargetContext): Promise<number | undefined> {
  if (!t.pc.headLabel) return undefined
  const pulls = await t.gh.paginate<Pull>(
    `/repos/${t.repo}/pulls?state=open&head=${encodeURIComponent(t.pc.headLabel)}`,
  )
  return pulls.find((p) => p.head.sha === t.pc.sha)?.number
}

/**
 * One comment per pull request, updated in place: ours is the one whose body starts with the marker
 * (a reply quoting it starts with `>`, and is left alone). Needs `pull-requests: write`.
 */
export async function publishComment(t: GithubTargetContext): Promise<PublishOutcome> {
  const n = t.pc.pullNumber ?? (await pullOfHead(t))
  if (n === undefined) return { status: 'skip', message: 'not a pull request run: no comment' }
  const comments = await t.gh.paginate<Comment>(`/repos/${t.repo}/issues/${n}/comments`)
  const ours = comments.find((c) => (c.body ?? '').startsWith(COMMENT_MARKER))
  const body = summaryBody(t.report, t.pc, COMMENT_MARKER)
  if (ours) {
    await t.gh.send('PATCH', `/repos/${t.repo}/issues/comments/${ours.id}`, { body })
    return {
      status: 'pass',
      message: `updated comment ${ours.html_url}`,
      evidence: { pull: n, comment: ours.id },
    }
  }
  const created = await t.gh.send<Comment>('POST', `/repos/${t.repo}/issues/${n}/comments`, { body })
  return {
    status: 'pass',
    message: `commented on #${n}: ${created.html_url}`,
    evidence: { pull: n, comment: created.id },
  }
}
