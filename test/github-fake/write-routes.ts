import type { GithubOpenApi } from './openapi.ts'
import { pageOf } from './paginate.ts'

type JsonObject = Record<string, unknown>

export interface FakeIssue {
  number: number
  title: string
  body: string
  state: 'open' | 'closed'
  stateReason: string | null
  labels: string[]
  /** A pull request: GitHub lists PRs among issues, and their conversation comments are issue comments. */
  pull: boolean
  /** A pull request's head: `owner:branch` and its SHA. */
  head?: { label: string; sha: string }
}

export interface FakeComment {
  id: number
  issue: number
  body: string
  login: string
}

export type WriteReply = (status: number, body: unknown, headers?: Record<string, string>) => void

/** One route of the write side: `op` is the path as GitHub's description spells it. */
export interface WriteRoute {
  method: string
  op: string
  handle(url: URL, body: JsonObject, reply: WriteReply): void
}

const BOT = 'github-actions[bot]'

/**
 * What publishing touches, kept in memory: commit statuses, check runs, issues (and PRs as issues)
 * with their comments. Answers start from GitHub's own examples in the description, with the
 * fields that matter replaced, so they conform as the real ones do.
 */
export class GithubWrites {
  readonly statuses: JsonObject[] = []
  readonly checkRuns: JsonObject[] = []
  readonly issues = new Map<number, FakeIssue>()
  readonly comments: FakeComment[] = []
  /** Set by the server, which holds the releases: the release as JSON after its notes are replaced. */
  editRelease: (id: number, body: string) => unknown = () => undefined
  #nextId = 9000

  readonly repo: string
  readonly openapi: () => GithubOpenApi
  readonly apiUrl: () => string

  constructor(repo: string, openapi: () => GithubOpenApi, apiUrl: () => string) {
    this.repo = repo
    this.openapi = openapi
    this.apiUrl = apiUrl
  }

  /** A pull request, number `n`, that comments can be posted on. */
  addPull(n: number, head = { label: `acme:topic-${n}`, sha: 'e'.repeat(40) }): void {
    this.issues.set(n, {
      number: n,
      title: `PR #${n}`,
      body: '',
      state: 'open',
      stateReason: null,
      labels: [],
      pull: true,
      head,
    })
  }

  route(method: string, url: URL): WriteRoute | undefined {
    const prefix = `/repos/${this.repo}`
    if (!url.pathname.startsWith(prefix)) return undefined
    const rest = url.pathname.slice(prefix.length)
    const base = '/repos/{owner}/{repo}'
    const route = (op: string, handle: WriteRoute['handle']): WriteRoute => ({
      method,
      op: `${base}${op}`,
      handle,
    })
    const status = /^\/statuses\/([0-9a-f]{40})$/.exec(rest)
    const issue = /^\/issues\/(\d+)$/.exec(rest)
    const issueComments = /^\/issues\/(\d+)\/comments$/.exec(rest)
    const comment = /^\/issues\/comments\/(\d+)$/.exec(rest)
    if (method === 'post' && status)
      return route('/statuses/{sha}', (_u, b, r) => this.#status(status[1] as string, b, r))
    if (method === 'post' && rest === '/check-runs')
      return route('/check-runs', (_u, b, r) => this.#checkRun(b, r))
    if (method === 'get' && rest === '/pulls') return route('/pulls', (u, _b, r) => this.#listPulls(u, r))
    if (method === 'get' && rest === '/issues') return route('/issues', (u, _b, r) => this.#listIssues(u, r))
    if (method === 'post' && rest === '/issues') return route('/issues', (_u, b, r) => this.#openIssue(b, r))
    if (method === 'patch' && issue)
      return route('/issues/{issue_number}', (_u, b, r) => this.#editIssue(Number(issue[1]), b, r))
    if (issueComments && (method === 'get' || method === 'post')) {
      const n = Number(issueComments[1])
      return route('/issues/{issue_number}/comments', (u, b, r) => {
        if (!this.issues.has(n)) {
          r(404, { message: 'Not Found', status: '404' })
          return
        }
        if (method === 'get')
          return this.#page(
            u,
            r,
            this.comments.filter((c) => c.issue === n).map((c) => this.#commentJson(c)),
          )
        const created: FakeComment = { id: this.#nextId++, issue: n, body: String(b.body), login: BOT }
        this.comments.push(created)
        r(201, this.#commentJson(created))
      })
    }
    const release = /^\/releases\/(\d+)$/.exec(rest)
    if (method === 'patch' && release) {
      return route('/releases/{release_id}', (_u, b, r) => {
        const json = this.editRelease(Number(release[1]), String(b.body ?? ''))
        if (json === undefined) r(404, { message: 'Not Found', status: '404' })
        else r(200, json)
      })
    }
    if (method === 'patch' && comment) {
      return route('/issues/comments/{comment_id}', (_u, b, r) => {
        const found = this.comments.find((c) => c.id === Number(comment[1]))
        if (!found) {
          r(404, { message: 'Not Found', status: '404' })
          return
        }
        found.body = String(b.body)
        r(200, this.#commentJson(found))
      })
    }
    return undefined
  }

  #status(sha: string, b: JsonObject, reply: WriteReply): void {
    const json = this.openapi().example('status')
    Object.assign(json, {
      url: `${this.apiUrl()}/repos/${this.repo}/statuses/${sha}`,
      id: this.#nextId++,
      state: b.state,
      description: b.description ?? null,
      target_url: b.target_url ?? null,
      context: b.context ?? 'default',
    })
    this.statuses.push({ ...json, sha })
    reply(201, json)
  }

  #checkRun(b: JsonObject, reply: WriteReply): void {
    const json = this.openapi().example('check-run')
    const output = (b.output ?? {}) as JsonObject
    const id = this.#nextId++
    Object.assign(json, {
      id,
      name: b.name,
      head_sha: b.head_sha,
      status: b.status ?? 'queued',
      conclusion: b.conclusion ?? null,
      details_url: b.details_url ?? null,
      external_id: b.external_id ?? null,
      url: `${this.apiUrl()}/repos/${this.repo}/check-runs/${id}`,
      output: {
        ...(json.output as JsonObject),
        title: output.title ?? null,
        summary: output.summary ?? null,
        text: output.text ?? null,
      },
      pull_requests: [],
    })
    this.checkRuns.push(json)
    reply(201, json)
  }

  #listIssues(url: URL, reply: WriteReply): void {
    const state = url.searchParams.get('state') ?? 'open'
    const labels = (url.searchParams.get('labels') ?? '').split(',').filter(Boolean)
    const items = [...this.issues.values()]
      .filter((i) => state === 'all' || i.state === state)
      .filter((i) => labels.every((l) => i.labels.includes(l)))
      .sort((a, b) => b.number - a.number)
      .map((i) => this.#issueJson(i))
    this.#page(url, reply, items)
  }

  /** Open pull requests, filtered by `head` (`owner:branch`) as GitHub filters them. */
  #listPulls(url: URL, reply: WriteReply): void {
    const head = url.searchParams.get('head')
    const items = [...this.issues.values()]
      .filter((i) => i.pull && i.state === 'open' && (head === null || i.head?.label === head))
      .map((i) => {
        const json = this.openapi().example('pull-request-simple-items')
        const [, ref = ''] = (i.head?.label ?? ':').split(':')
        return {
          ...json,
          number: i.number,
          title: i.title,
          state: 'open',
          // GitHub's own example lacks the `type` its schema now requires of a team.
          requested_teams: [],
          head: { ...(json.head as JsonObject), label: i.head?.label, ref, sha: i.head?.sha },
        }
      })
    this.#page(url, reply, items)
  }

  #openIssue(b: JsonObject, reply: WriteReply): void {
    const number = Math.max(0, ...this.issues.keys()) + 1
    const issue: FakeIssue = {
      number,
      title: String(b.title),
      body: String(b.body ?? ''),
      state: 'open',
      stateReason: null,
      labels: ((b.labels ?? []) as unknown[]).map(String),
      pull: false,
    }
    this.issues.set(number, issue)
    reply(201, this.#issueJson(issue))
  }

  #editIssue(n: number, b: JsonObject, reply: WriteReply): void {
    const issue = this.issues.get(n)
    if (!issue) {
      reply(404, { message: 'Not Found', status: '404' })
      return
    }
    if (typeof b.body === 'string') issue.body = b.body
    if (typeof b.title === 'string') issue.title = b.title
    if (b.state === 'open' || b.state === 'closed') issue.state = b.state
    if (b.state_reason !== undefined) issue.stateReason = b.state_reason as string | null
    reply(200, this.#issueJson(issue))
  }

  #issueJson(i: FakeIssue): JsonObject {
    const json = this.openapi().example('issue')
    const url = `${this.apiUrl()}/repos/${this.repo}/issues/${i.number}`
    const label = ((json.labels as JsonObject[])[0] ?? {}) as JsonObject
    Object.assign(json, {
      id: 70000 + i.number,
      url,
      comments_url: `${url}/comments`,
      html_url: `${this.apiUrl()}/web/${this.repo}/issues/${i.number}`,
      number: i.number,
      title: i.title,
      body: i.body,
      state: i.state,
      state_reason: i.stateReason,
      closed_at: i.state === 'closed' ? new Date().toISOString() : null,
      comments: this.comments.filter((c) => c.issue === i.number).length,
      labels: i.labels.map((name) => ({ ...label, name })),
    })
    if (!i.pull) delete json.pull_request
    return json
  }

  #commentJson(c: FakeComment): JsonObject {
    const json = this.openapi().example('issue-comment')
    const user = json.user as JsonObject
    Object.assign(json, {
      id: c.id,
      url: `${this.apiUrl()}/repos/${this.repo}/issues/comments/${c.id}`,
      html_url: `${this.apiUrl()}/web/${this.repo}/issues/${c.issue}#issuecomment-${c.id}`,
      issue_url: `${this.apiUrl()}/repos/${this.repo}/issues/${c.issue}`,
      body: c.body,
      user: { ...user, login: c.login, type: c.login.endsWith('[bot]') ? 'Bot' : 'User' },
    })
    return json
  }

  #page(url: URL, reply: WriteReply, items: unknown[]): void {
    const { body, link } = pageOf(items, url, this.apiUrl())
    reply(200, body, link ? { link } : {})
  }
}
