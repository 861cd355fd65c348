import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { HttpError } from '@postflight/core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { aggregate } from '../aggregate.ts'
import { ReportInputs } from '../inputs.ts'
import type { PublishContext } from '../publish/context.ts'
import { publishContext } from '../publish/context.ts'
import { isPermissionError } from '../publish/github-client.ts'
import {
  COMMENT_MARKER,
  RELEASE_END,
  RELEASE_START,
  releaseSection,
  summaryBody,
  withReleaseSection,
} from '../publish/messages.ts'
import { signature, type WebhookEvent, webhookBody } from '../publish/webhook.ts'
import { bigLeg, check, leg } from './make-results.ts'

const HEAD = 'a'.repeat(40)
const RUN_HEAD = 'c'.repeat(40)
const MERGE = 'b'.repeat(40)

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pf-publish-unit-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('publishContext', () => {
  const payloads: Record<string, unknown> = {
    pull_request: {
      repository: { full_name: 'acme/app' },
      pull_request: { number: 7, head: { sha: HEAD, repo: { full_name: 'mallory/app' } } },
    },
    workflow_run: {
      repository: { full_name: 'acme/app' },
      workflow_run: {
        head_sha: RUN_HEAD,
        head_repository: { full_name: 'acme/app' },
        pull_requests: [{ number: 8 }],
      },
    },
    push: { repository: { full_name: 'acme/app' } },
  }
  test.each([
    ['a pull request: its head, never the merge commit', 'pull_request', {}, HEAD, 7, true],
    ['a workflow_run follow-up: the triggering head', 'workflow_run', {}, RUN_HEAD, 8, false],
    ['a push: GITHUB_SHA', 'push', {}, MERGE, undefined, false],
    ['the sha input over the event', 'pull_request', { sha: 'd'.repeat(40) }, 'd'.repeat(40), 7, true],
    [
      'another repository: nothing from this event',
      'pull_request',
      { repository: 'other/repo' },
      undefined,
      undefined,
      false,
    ],
  ])('%s', async (_what, eventName, inputs, sha, pull, fork) => {
    const file = path.join(dir, `${eventName}.json`)
    await writeFile(file, JSON.stringify(payloads[eventName]))
    const env = {
      GITHUB_EVENT_NAME: eventName,
      GITHUB_EVENT_PATH: file,
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_SHA: MERGE,
    }
    const pc = await publishContext(ReportInputs.parse(inputs), env)
    expect([pc.sha, pc.pullNumber, pc.fromFork]).toEqual([sha, pull, fork])
  })

  test('reads the CLI token from GITHUB_TOKEN, then GH_TOKEN; the input wins', async () => {
    const parse = (raw: object) => ReportInputs.parse(raw)
    expect((await publishContext(parse({}), { GH_TOKEN: 'gh' })).token).toBe('gh')
    expect((await publishContext(parse({}), { GITHUB_TOKEN: 'g', GH_TOKEN: 'gh' })).token).toBe('g')
    expect((await publishContext(parse({ token: 'in' }), { GITHUB_TOKEN: 'g' })).token).toBe('in')
  })
})

describe('withReleaseSection', () => {
  const section = `${RELEASE_START}\nnew\n${RELEASE_END}`
  test.each([
    ['empty notes', null, section],
    ['notes without ours: appended', 'Fixes.\n', `Fixes.\n\n${section}`],
    [
      'ours in the middle: replaced in place',
      `A\n${RELEASE_START}\nold\n${RELEASE_END}\nB`,
      `A\n${section}\nB`,
    ],
    [
      'a start marker without its end: appended, nothing cut',
      `A ${RELEASE_START} B`,
      `A ${RELEASE_START} B\n\n${section}`,
    ],
  ])('%s', (_what, body, expected) => {
    expect(withReleaseSection(body, section)).toBe(expected)
  })
})

describe('releaseSection', () => {
  test('escapes a hostile leg name and keeps its markers', () => {
    const hostile = leg('verify-artifacts', '<img src=x onerror=alert(1)>', [check('a', 'pass')])
    const report = aggregate([{ ok: true, file: 'x.json', result: hostile }], [])
    const text = releaseSection(report, { reportUrl: 'https://r.example/1' } as PublishContext)
    expect(text).not.toContain('<img')
    expect(text.startsWith(RELEASE_START) && text.endsWith(RELEASE_END)).toBe(true)
  })
})

describe('summaryBody', () => {
  test("stays under GitHub's 65,536-character comment and issue limit with 100,000 checks, tables whole", () => {
    const legs = Array.from({ length: 100 }, (_, i) => bigLeg('platform-smoke', `leg-${i}`, 1000))
    const report = aggregate(
      legs.map((result) => ({ ok: true as const, file: 'x', result })),
      [],
    )
    const pc = { runUrl: 'https://github.example/acme/app/actions/runs/1', sha: HEAD } as PublishContext
    const body = summaryBody(report, pc, COMMENT_MARKER)
    expect(body.length).toBeLessThan(65_536)
    expect(body.startsWith(`${COMMENT_MARKER}\n# `)).toBe(true)
    expect(body).toMatch(/…and \d+ more rows not shown/)
    expect(body).toContain('## Needs attention\n\n| | Leg | Check | Result | Evidence |\n|---|')
    for (const line of body.split('\n').filter((l) => l.startsWith('|'))) expect(line).toMatch(/\|$/)
  })
})

describe('webhook', () => {
  const event = {
    event_uuid: 'u',
    event_type: 'postflight.report',
    timestamp: 't',
    trace_id: 'x',
    summary: { status: 'fail', text: 'Release <b> & co FAILED', report_url: 'https://r.example/1' },
  } as unknown as WebhookEvent

  test.each([
    ['https://hooks.slack.com/services/T/B/X', 'slack'],
    ['https://example.com/hooks.slack.com', 'event'],
    ['https://hooks.slack.com.evil.example/x', 'event'],
  ])('%s gets a %s body', (url, kind) => {
    const body = webhookBody(url, event) as { text?: string; event_uuid?: string; blocks?: unknown[] }
    if (kind === 'slack') {
      // Slack's incoming webhook shape: text (the notification), blocks with the link, nothing else.
      expect(Object.keys(body).sort()).toEqual(['blocks', 'text'])
      expect(body.text).toBe('Release &lt;b&gt; &amp; co FAILED')
      expect(body.blocks?.[0]).toEqual({
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: '*Postflight*: Release &lt;b&gt; &amp; co FAILED <https://r.example/1|Report>',
        },
      })
      expect(JSON.stringify(body.blocks?.[1])).toContain('event u · trace x')
    } else expect(body).toBe(event)
  })

  test("signs like GitHub's own webhooks (their documented test vector)", () => {
    expect(signature("It's a Secret to Everybody", 'Hello, World!')).toBe(
      'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
    )
  })
})

describe('isPermissionError', () => {
  test.each([
    [403, false, true],
    [401, false, true],
    [403, true, false], // a rate limit passes with time
    [404, false, false],
    [502, true, false],
  ])('HTTP %i (retryable %s) → %s', (status, retryable, expected) => {
    expect(isPermissionError(new HttpError('x', { status, retryable }))).toBe(expected)
  })
})
