import { createHash, createHmac, randomUUID } from 'node:crypto'
import {
  countByStatus,
  HttpError,
  isRetryable,
  type RetryOptions,
  retryWithInfo,
  statusError,
} from '@postflight/core'
import { legName } from '../render/common.ts'
import { verdictLine } from './messages.ts'

import { PUBLISH_ATTEMPT_MS } from './publish-timeout.ts'
import type { PublishOutcome, TargetContext } from './types.ts'

export const SIGNATURE_HEADER = 'x-postflight-signature'

/** The event receivers get: ids to drop duplicates and correlate, then the summary. */
export interface WebhookEvent {
  event_uuid: string
  event_type: 'postflight.report'
  timestamp: string
  trace_id: string
  summary: {
    status: string
    text: string
    release: Record<string, string>
    legs: Array<{ name: string; status: string; checks: number }>
    missing: string[]
    counts: Record<string, number>
    report_url?: string
    sha?: string
  }
}

/**
 * One trace id per workflow run attempt (every event of it shares one, so a receiver can join
 * them); a random one outside Actions.
 */
export function traceId(env: NodeJS.ProcessEnv): string {
  const { GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: run, GITHUB_RUN_ATTEMPT: attempt } = env
  if (!repo || !run) return randomUUID().replaceAll('-', '')
  return createHash('sha256')
    .update(`${repo}/${run}/${attempt ?? '1'}`)
    .digest('hex')
    .slice(0, 32)
}

export function webhookEvent(t: TargetContext, env: NodeJS.ProcessEnv, now = new Date()): WebhookEvent {
  const checks = t.report.suites.flatMap((s) => s.checks)
  return {
    event_uuid: randomUUID(),
    event_type: 'postflight.report',
    timestamp: now.toISOString(),
    trace_id: traceId(env),
    summary: {
      status: t.report.status,
      text: verdictLine(t.report),
      release: { ...t.report.release },
      legs: t.report.suites.map((s) => ({ name: legName(s), status: s.status, checks: s.checks.length })),
      missing: [...t.report.missing],
      counts: { ...countByStatus(checks) },
      ...(t.pc.reportUrl ? { report_url: t.pc.reportUrl } : {}),
      ...(t.pc.sha ? { sha: t.pc.sha } : {}),
    },
  }
}

/** Slack's mrkdwn needs only these three escaped. */
const slackEscape = (s: string): string =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')

/** A Slack incoming webhook takes `{ text, blocks }`; every other receiver gets the event itself. */
export function webhookBody(url: string, event: WebhookEvent): unknown {
  if (new URL(url).hostname !== 'hooks.slack.com') return event
  const text = slackEscape(event.summary.text)
  const link = event.summary.report_url ? ` <${event.summary.report_url}|Report>` : ''
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*Postflight*: ${text}${link}` } },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `event ${event.event_uuid} · trace ${event.trace_id}` }],
      },
    ],
  }
}

/** `sha256=<hex>` of the exact bytes sent, as GitHub signs its own webhooks. */
export function signature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`
}

export interface WebhookOptions {
  url: string
  secret: string | undefined
  env: NodeJS.ProcessEnv
  retry?: Omit<RetryOptions, 'signal' | 'shouldRetry'>
}

/**
 * POSTs the event, retried with backoff on network errors, 5xx and 429. Every attempt carries the
 * same event_uuid and body, so a receiver that saw an attempt whose answer was lost drops the next.
 */
export async function publishWebhook(t: TargetContext, options: WebhookOptions): Promise<PublishOutcome> {
  const event = webhookEvent(t, options.env)
  const body = JSON.stringify(webhookBody(options.url, event))
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'postflight-report',
    'x-postflight-event': event.event_type,
    'x-postflight-delivery': event.event_uuid,
  }
  if (options.secret) headers[SIGNATURE_HEADER] = signature(options.secret, body)
  const { attempts } = await retryWithInfo(
    async (_n, signal) => {
      // Bounded per attempt: publishing never gates the verdict, so it must not hold the job either.
      const response = await fetch(options.url, {
        method: 'POST',
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.any([signal, AbortSignal.timeout(PUBLISH_ATTEMPT_MS)]),
      })
      await response.body?.cancel()
      if (!response.ok) throw statusError(response, 'POST the webhook')
    },
    {
      attempts: 4,
      baseMs: 1000,
      maxMs: 10_000,
      ...options.retry,
      signal: t.signal,
      shouldRetry: isRetryable,
      onRetry: (info) =>
        t.logger.info(
          `webhook attempt ${info.attempt} failed (${info.error instanceof HttpError ? info.error.message : String(info.error)}); retrying in ${info.delayMs} ms`,
        ),
    },
  )
  return {
    status: 'pass',
    message: `delivered event ${event.event_uuid}${options.secret ? ', signed' : ', unsigned (no webhook-secret)'}${attempts > 1 ? ` after ${attempts} attempts` : ''}`,
    evidence: { event_uuid: event.event_uuid, attempts, signed: Boolean(options.secret) },
  }
}
