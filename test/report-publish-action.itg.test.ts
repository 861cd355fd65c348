import { createHmac } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { check, leg, writeLegs } from '../actions/report/src/__tests__/make-results.ts'
import { type GithubFake, startGithubFake } from './github-fake/server.ts'
import { REPO } from './helpers/paths.ts'
import { runBundle } from './helpers/run-bundle.ts'

const BUNDLE = path.join(REPO, 'actions/report/dist/index.js')
const TOKEN = 'ghs_bundleWriteToken0123456789'
const READ_ONLY = 'ghs_bundleForkToken0123456789'
const SECRET = 'whsec_bundle-secret-0123456789'
const HEAD = 'e'.repeat(40)

let fake: GithubFake
let root: string
let receiver: Server
let hookUrl: string
let signed: boolean[]
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pf-publish-action-'))
  fake = await startGithubFake({ token: TOKEN, readOnlyToken: READ_ONLY, pulls: [5], releases: [] })
  signed = []
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const mac = createHmac('sha256', SECRET).update(Buffer.concat(chunks)).digest('hex')
      signed.push(req.headers['x-postflight-signature'] === `sha256=${mac}`)
      res.writeHead(200).end('ok')
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/secret-path-T0K3N`
})
afterEach(async () => {
  await fake.close()
  receiver.closeAllConnections()
  await new Promise((resolve) => receiver.close(resolve))
  await rm(root, { recursive: true, force: true })
  fake.assertConforms()
})

async function runStep(inputs: Record<string, string>, fork = false) {
  const step = await mkdtemp(path.join(root, 'step-'))
  const results = path.join(step, 'in')
  await writeLegs(results, [leg('verify-artifacts', 'linux-x64', [check('checksum:app.tar.gz', 'pass')])])
  const eventFile = path.join(step, 'event.json')
  await writeFile(
    eventFile,
    JSON.stringify({
      repository: { full_name: 'acme/app' },
      pull_request: {
        number: 5,
        head: { sha: HEAD, repo: { full_name: fork ? 'mallory/app' : 'acme/app' } },
      },
    }),
  )
  const env: NodeJS.ProcessEnv = {
    GITHUB_REPOSITORY: 'acme/app',
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_SHA: 'f'.repeat(40),
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_RUN_ID: '12',
  }
  return runBundle(BUNDLE, root, { results, 'github-api-url': fake.apiUrl, ...inputs }, { env, step })
}

/** Every file the step left, read whole (report files, results file, summary, outputs). */
async function everyFile(dir: string): Promise<Array<[string, string]>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  const files = entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name))
  return Promise.all(files.map(async (f) => [f, await readFile(f, 'utf8')] as [string, string]))
}

describe('report bundle publishing', () => {
  it('publishes status, comment and a signed webhook, and leaks no secret anywhere', async () => {
    const run = await runStep({
      publish: 'status,comment,webhook',
      token: TOKEN,
      'webhook-url': hookUrl,
      'webhook-secret': SECRET,
    })
    expect(run.code, run.log).toBe(0)
    expect(fake.writes.statuses.map((s) => s.sha)).toEqual([HEAD])
    expect(fake.writes.comments).toHaveLength(1)
    expect(signed).toEqual([true])
    // The runner is told to mask each secret (::add-mask::); nothing else may carry one.
    const log = run.log
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n')
    expect(run.log).toContain(`::add-mask::${TOKEN}`)
    const published = [
      ...fake.writes.comments.map((c) => c.body),
      ...fake.writes.statuses.map((s) => JSON.stringify(s)),
    ]
    for (const secret of [TOKEN, SECRET, 'secret-path-T0K3N']) {
      expect(log).not.toContain(secret)
      for (const [file, text] of await everyFile(run.step)) {
        if (file.endsWith('event.json')) continue
        expect(text, file).not.toContain(secret)
      }
      for (const text of published) expect(text).not.toContain(secret)
    }
    expect(run.outputs.status).toBe('pass')
    expect(run.summary).toMatch(/\| ✅ \| comment \| commented on #5: /)
  })

  it('on a fork PR with a read-only token warns, explains workflow_run, and passes the step', async () => {
    const run = await runStep({ publish: 'status,comment', token: READ_ONLY }, true)
    expect(run.code, run.log).toBe(0)
    expect(run.outputs.status).toBe('warn')
    expect(run.outputs.verdict).toBe('pass')
    expect(run.log).toMatch(
      /::warning title=Warning%3A Publish the commit status::not published: the token may not do this \(needs statuses: write\)/,
    )
    // One annotation per refused target (from its check), not a second one from the log.
    expect(run.log.match(/^::warning.*needs statuses: write/gm)).toHaveLength(1)
    expect(run.log).toContain('its GITHUB_TOKEN is read-only')
    expect(run.log).toContain('workflow_run:')
    expect(fake.writes.statuses).toHaveLength(0)
    expect(JSON.parse(run.outputs['report-files'] ?? '[]')).toHaveLength(5)
    expect(run.summary).toContain('## Published')
    expect(run.summary).toMatch(
      /\| ⚠️ \| status \| not published: the token may not do this \(needs statuses: write\)/,
    )
  })
})
