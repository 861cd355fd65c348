// Publishing against the loopback GitHub API (every answer and request body checked against
// GitHub's OpenAPI description): the engine as the action and the CLI run it.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { type CheckStatus, executeSuite, type LogRecord, type RawInputs } from '@postflight/core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { check, leg, writeLegs } from '../actions/report/src/__tests__/make-results.ts'
import { makeReportSpec } from '../actions/report/src/index.ts'
import { createPublisher } from '../actions/report/src/publish.ts'
import { type GithubFake, startGithubFake } from './github-fake/server.ts'

const TOKEN = 'ghs_writeTokenForTheFake'
const READ_ONLY = 'ghs_forkTokenReadOnly'
const HEAD = 'a'.repeat(40)
const MERGE = 'b'.repeat(40)

let fake: GithubFake
let root: string
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pf-publish-'))
  fake = await startGithubFake({
    token: TOKEN,
    readOnlyToken: READ_ONLY,
    pulls: [7],
    releases: [{ tag: 'v1.2.3', assets: [], body: 'Fixes a crash.' }],
  })
})
afterEach(async () => {
  await fake.close()
  await rm(root, { recursive: true, force: true })
  fake.assertConforms()
})

async function event(name: string, payload: unknown): Promise<NodeJS.ProcessEnv> {
  const file = path.join(root, `${name}.json`)
  await writeFile(file, JSON.stringify(payload))
  return {
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: name,
    GITHUB_EVENT_PATH: file,
    GITHUB_REPOSITORY: 'acme/app',
    GITHUB_SHA: MERGE,
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_RUN_ID: '99',
    GITHUB_WORKFLOW: 'nightly',
  }
}

const pullRequest = (fork = false) =>
  event('pull_request', {
    repository: { full_name: 'acme/app' },
    pull_request: { number: 7, head: { sha: HEAD, repo: { full_name: fork ? 'mallory/app' : 'acme/app' } } },
  })

/** One report run with `status` legs; returns its checks as `id=status` and the log. */
async function report(env: NodeJS.ProcessEnv, raw: RawInputs, status: CheckStatus = 'pass', token = TOKEN) {
  const results = path.join(root, `in-${status}`)
  await writeLegs(results, [leg('verify-artifacts', 'linux-x64', [check('checksum:app.tar.gz', status)])])
  const log: LogRecord[] = []
  const spec = makeReportSpec({ env, publish: createPublisher({ env, retry: { baseMs: 5, maxMs: 20 } }) })
  const execution = await executeSuite(spec, {
    raw: {
      results,
      'out-dir': path.join(root, 'out'),
      'results-dir': path.join(root, 'own'),
      'github-api-url': fake.apiUrl,
      token,
      ...raw,
    },
    style: 'action',
    sink: (r) => log.push(r),
    env: {},
  })
  const publish = execution.result.checks.filter((c) => c.id.startsWith('publish:'))
  return {
    execution,
    checks: Object.fromEntries(publish.map((c) => [c.id, c.status])),
    messages: Object.fromEntries(publish.map((c) => [c.id, c.message])),
    log: log.map((r) => r.message).join('\n'),
  }
}

describe('publishing a report to GitHub', () => {
  it('sets the status and check run on the PR head SHA, never the merge commit', async () => {
    const env = await pullRequest()
    const run = await report(env, { publish: 'status, check-run' })
    expect(run.checks).toEqual({ 'publish:status': 'pass', 'publish:check-run': 'pass' })
    expect(fake.writes.statuses.map((s) => [s.sha, s.state, s.context])).toEqual([
      [HEAD, 'success', 'postflight'],
    ])
    expect(fake.writes.statuses[0]?.target_url).toBe('https://github.example/acme/app/actions/runs/99')
    expect(fake.writes.checkRuns.map((c) => [c.head_sha, c.conclusion])).toEqual([[HEAD, 'success']])
    // The verdict and the link: in the check run's title and summary, and its details link.
    const [checkRun] = fake.writes.checkRuns as {
      details_url?: string
      output?: { title: string; summary: string }
    }[]
    expect(checkRun?.details_url).toBe('https://github.example/acme/app/actions/runs/99')
    expect(checkRun?.output?.title).toMatch(/^Release acme\/app v1\.2\.3 passed: /)
    expect(checkRun?.output?.summary).toMatch(/^# ✅ Release acme\/app v1\.2\.3 passed/)
  })

  it.each([
    ['pass', 'success', 'success'],
    ['warn', 'success', 'neutral'],
    ['fail', 'failure', 'failure'],
    ['error', 'error', 'failure'],
    ['skip', 'error', 'failure'],
  ] as const)(
    'a %s verdict is status %s and check run %s (fail-closed)',
    async (verdict, state, conclusion) => {
      await report(await pullRequest(), { publish: 'status,check-run' }, verdict)
      expect(fake.writes.statuses.map((s) => s.state)).toEqual([state])
      expect(fake.writes.checkRuns.map((c) => c.conclusion)).toEqual([conclusion])
    },
  )

  it('keeps one sticky comment: created on the first run, updated in place on the next', async () => {
    const env = await pullRequest()
    // Someone else's comment quoting our marker is not ours.
    fake.writes.comments.push({
      id: 1,
      issue: 7,
      body: '> <!-- postflight-report -->\n> quoted',
      login: 'alice',
    })
    const first = await report(env, { publish: 'comment' }, 'pass')
    expect(first.checks['publish:comment']).toBe('pass')
    const second = await report(env, { publish: 'comment' }, 'fail')
    expect(second.messages['publish:comment']).toMatch(/^updated comment /)
    const ours = fake.writes.comments.filter((c) => c.login !== 'alice')
    expect(ours).toHaveLength(1)
    expect(ours[0]?.body.startsWith('<!-- postflight-report -->\n# ❌ Release acme/app v1.2.3 FAILED')).toBe(
      true,
    )
    expect(fake.writes.comments.find((c) => c.id === 1)?.body).toContain('quoted')
  })

  it('finds its comment past the first page of a long conversation', async () => {
    const env = await pullRequest()
    for (let i = 0; i < 150; i++)
      fake.writes.comments.push({ id: 100 + i, issue: 7, body: `chatter ${i}`, login: 'bob' })
    await report(env, { publish: 'comment' })
    await report(env, { publish: 'comment' })
    expect(fake.writes.comments.filter((c) => c.login !== 'bob')).toHaveLength(1)
    expect(fake.requests.some((r) => r.path.includes('page=2'))).toBe(true)
  })

  it('opens one issue on a failed scheduled run, updates it, and closes it on green', async () => {
    const env = await event('schedule', { repository: { full_name: 'acme/app' } })
    const opened = await report(env, { publish: 'issue' }, 'fail')
    expect(opened.messages['publish:issue']).toMatch(/^opened issue /)
    const again = await report(env, { publish: 'issue' }, 'fail')
    expect(again.messages['publish:issue']).toMatch(/^updated open issue /)
    expect([...fake.writes.issues.values()].filter((i) => !i.pull)).toHaveLength(1)
    const green = await report(env, { publish: 'issue' }, 'pass')
    expect(green.messages['publish:issue']).toMatch(/^closed issue /)
    const issue = [...fake.writes.issues.values()].find((i) => !i.pull)
    expect([issue?.state, issue?.stateReason, issue?.labels]).toEqual(['closed', 'completed', ['postflight']])
    expect(fake.writes.comments.at(-1)?.body).toMatch(/passed again in https:\/\/github\.example/)
    const quiet = await report(env, { publish: 'issue' }, 'pass')
    expect(quiet.messages['publish:issue']).toBe('green, and no open issue to close')
    // A new failure opens a new issue, not the closed one.
    await report(env, { publish: 'issue' }, 'fail')
    expect([...fake.writes.issues.values()].filter((i) => !i.pull && i.state === 'open')).toHaveLength(1)
  })

  it('leaves issues to scheduled and release runs: a pull request run skips', async () => {
    const run = await report(await pullRequest(), { publish: 'issue' }, 'fail')
    expect(run.checks['publish:issue']).toBe('skip')
    expect(fake.writes.issues.size).toBe(1)
  })

  it('replaces its verdict in the release notes instead of adding a second', async () => {
    const env = await event('release', { repository: { full_name: 'acme/app' }, release: { id: 1000 } })
    await report(env, { publish: 'release-notes' }, 'pass')
    const run = await report(env, { publish: 'release-notes' }, 'fail')
    expect(run.checks['publish:release-notes']).toBe('pass')
    const { body } = (await (await fetch(`${fake.apiUrl}/repos/acme/app/releases/1000`)).json()) as {
      body: string
    }
    expect(body.startsWith('Fixes a crash.\n\n<!-- postflight-verdict -->')).toBe(true)
    expect(body.split('<!-- postflight-verdict -->')).toHaveLength(2)
    expect(body).toContain('Postflight: FAILED')
    expect(body).not.toContain('Postflight: passed')
  })

  it('finds the release by the results’ tag outside a release event', async () => {
    const run = await report(await event('schedule', {}), { publish: 'release-notes' })
    expect(run.messages['publish:release-notes']).toMatch(/verdict in the notes of /)
  })

  it('on a fork PR (read-only token) warns for each target and keeps the verdict and exit code', async () => {
    const env = await pullRequest(true)
    const run = await report(env, { publish: 'status, comment' }, 'pass', READ_ONLY)
    expect(run.checks).toEqual({ 'publish:status': 'warn', 'publish:comment': 'warn' })
    expect(run.messages['publish:status']).toMatch(
      /needs statuses: write.*Resource not accessible by integration/,
    )
    expect(run.execution.exitCode).toBe(0)
    expect(run.log).toMatch(/pull request from a fork: its GITHUB_TOKEN is read-only/)
    expect(run.log).toContain('workflow_run:')
    expect(fake.writes.statuses).toHaveLength(0)
  })

  it.each([
    ['status', 'statuses: write'],
    ['check-run', 'checks: write'],
    ['comment', 'pull-requests: write'],
    ['release-notes', 'contents: write'],
  ])('a read-only token refused for %s is a warning naming %s', async (target, permission) => {
    const run = await report(await pullRequest(true), { publish: target }, 'fail', READ_ONLY)
    expect(run.checks).toEqual({ [`publish:${target}`]: 'warn' })
    expect(run.messages[`publish:${target}`]).toContain(`needs ${permission}`)
    expect(run.execution.exitCode).toBe(1)
  })

  it('a read-only token refused for issue on a scheduled run is a warning too', async () => {
    const run = await report(await event('schedule', {}), { publish: 'issue' }, 'fail', READ_ONLY)
    expect(run.messages['publish:issue']).toMatch(/needs issues: write/)
    expect(run.log).toMatch(/The token was refused: grant the permissions/)
  })

  it('with fail-on warn, a refused publish still does not fail the step: logged, recorded as skip', async () => {
    const run = await report(
      await pullRequest(true),
      { publish: 'status', 'fail-on': 'warn' },
      'pass',
      READ_ONLY,
    )
    expect(run.checks).toEqual({ 'publish:status': 'skip' })
    expect(run.execution.exitCode).toBe(0)
    expect(run.log).toMatch(/Publish the commit status: not published: the token may not do this/)
  })

  it('publishes from a workflow_run follow-up to the triggering PR head', async () => {
    const env = await event('workflow_run', {
      repository: { full_name: 'acme/app' },
      workflow_run: {
        head_sha: HEAD,
        html_url: 'https://github.example/acme/app/actions/runs/98',
        head_repository: { full_name: 'acme/app' },
        pull_requests: [{ number: 7 }],
      },
    })
    const run = await report(env, { publish: 'status,comment' })
    expect(run.checks).toEqual({ 'publish:status': 'pass', 'publish:comment': 'pass' })
    expect(fake.writes.statuses[0]?.sha).toBe(HEAD)
    // The link is the run that produced the results, not this follow-up.
    expect(fake.writes.statuses[0]?.target_url).toBe('https://github.example/acme/app/actions/runs/98')
  })

  it('finds a fork PR from its workflow_run, whose pull_requests GitHub leaves empty', async () => {
    await fake.close()
    fake = await startGithubFake({
      token: TOKEN,
      pulls: [7, { number: 12, head: { label: 'mallory:fix', sha: HEAD } }],
      releases: [],
    })
    const env = await event('workflow_run', {
      repository: { full_name: 'acme/app' },
      workflow_run: {
        head_sha: HEAD,
        head_branch: 'fix',
        head_repository: { full_name: 'mallory/app', owner: { login: 'mallory' } },
        pull_requests: [],
      },
    })
    const run = await report(env, { publish: 'comment' })
    expect(run.checks).toEqual({ 'publish:comment': 'pass' })
    expect(fake.writes.comments.map((c) => c.issue)).toEqual([12])
  })

  it('warns without a token, and a 502 that lasts is a warning after retries, not a lost verdict', async () => {
    const env = await pullRequest()
    const none = await report(env, { publish: 'status' }, 'pass', '')
    expect(none.messages['publish:status']).toMatch(/no token/)
    fake.faults.push({ host: 'api', path: /statuses/, times: 10, status: 502 })
    const down = await report(env, { publish: 'status' }, 'fail')
    expect(down.checks['publish:status']).toBe('warn')
    expect(down.execution.exitCode).toBe(1)
    expect(fake.requests.filter((r) => r.path.includes('/statuses/'))).toHaveLength(4)
    fake.violations.splice(0)
  })
})
