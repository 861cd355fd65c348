import type { PublishTarget } from '../inputs.ts'
import type { PublishContext } from './context.ts'

/** The least `permissions:` entry each GitHub target needs (webhook: none, it is not GitHub). */
export const PERMISSION: Record<PublishTarget, string> = {
  status: 'statuses: write',
  'check-run': 'checks: write',
  comment: 'pull-requests: write',
  issue: 'issues: write',
  'release-notes': 'contents: write',
  webhook: 'nothing from GitHub',
}

/**
 * Why a write was refused and how to publish anyway. A pull request from a fork runs with a
 * read-only GITHUB_TOKEN whatever the workflow asks for; the way out is a second workflow on
 * `workflow_run`, which runs in the base repository with its own token and reads the first run's
 * results artifact. This report reads the head SHA and PR from that event itself.
 */
export function forkGuidance(pc: PublishContext): string {
  const why = pc.fromFork
    ? 'This run is for a pull request from a fork: its GITHUB_TOKEN is read-only, whatever the workflow asks for.'
    : "The token was refused: grant the permissions named above in the job's `permissions:` (or use a token that has them). Dependabot's pull requests also get a read-only token."
  return `${why}
The verdict, the summary and the report files are unaffected. To publish for fork pull requests, upload
the results as an artifact here and publish from a follow-up workflow that runs in the base repository:

  on:
    workflow_run:
      workflows: [${JSON.stringify(pc.workflow ?? "<this workflow's name>")}]
      types: [completed]
  permissions: { contents: read, actions: read, statuses: write, pull-requests: write }
  jobs:
    publish:
      runs-on: ubuntu-latest
      steps:
        - uses: actions/download-artifact@v4
          with: { pattern: postflight-*, path: results, run-id: \${{ github.event.workflow_run.id }}, github-token: \${{ github.token }} }
        - uses: OWNER/postflight/actions/report@v1
          with: { results: results, publish: 'status,comment' }

On workflow_run the status goes to the pull request's head SHA and the comment to its pull request.`
}
