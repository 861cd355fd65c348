import type { Logger, Report } from '@postflight/core'

/**
 * The seam for publishing a report to GitHub and elsewhere. Not built this session (it must be
 * tested against the loopback GitHub API server another engineer is building). Still to do, each
 * optional, each with the least permission it needs:
 * - a commit status or check run on the release commit (a PR's head SHA, never the merge commit);
 * - one sticky PR comment, found by a hidden marker and updated in place;
 * - on a failed scheduled or release run, one issue opened (or updated), closed on the next green;
 * - the verdict table appended to the release notes;
 * - a webhook POST (event_uuid, event_type, timestamp, trace_id, summary) signed with HMAC-SHA256,
 *   Slack-compatible for Slack URLs, retried with backoff; a failed delivery is a `warn`;
 * - fork PRs with a read-only token: nothing fails for lack of permission; the log says how to
 *   publish from a workflow_run follow-up.
 * Each outcome should come back as a check of the report's own suite (`publish:<target>`).
 */
export interface Publisher {
  publish(report: Report, ctx: { logger: Logger; signal: AbortSignal }): Promise<void>
}
