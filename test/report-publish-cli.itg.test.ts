// `postflight report --publish …` as a user runs it outside Actions: the token from GITHUB_TOKEN or
// GH_TOKEN, the commit from --sha, the repository from --repository.
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { check, leg, writeLegs } from '../actions/report/src/__tests__/make-results.ts'
import { type GithubFake, startGithubFake } from './github-fake/server.ts'
import { NODE24, REPO } from './helpers/paths.ts'

const BIN = path.join(REPO, 'packages/cli/src/bin.ts')
const TOKEN = 'ghp_cliTokenFromTheEnvironment'
const SHA = '1'.repeat(40)

let root: string
let fake: GithubFake
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pf-publish-cli-'))
  await writeLegs(path.join(root, 'in'), [
    leg('verify-artifacts', 'linux-x64', [check('checksum:a', 'pass')]),
  ])
  fake = await startGithubFake({ token: TOKEN, releases: [] })
})
afterAll(async () => {
  await fake.close()
  await rm(root, { recursive: true, force: true })
  fake.assertConforms()
})

/** Async: the fake answers from this process, so the CLI must not block it. */
function cli(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number | null; out: string }> {
  const child = spawn(NODE24, [BIN, ...args], { cwd: root, env: { PATH: process.env.PATH, ...env } })
  let out = ''
  child.stdout.on('data', (d) => {
    out += d
  })
  child.stderr.on('data', (d) => {
    out += d
  })
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out })))
}

const publish = ['report', '--results', 'in', '--publish', 'status', '--repository', 'acme/app', '--sha', SHA]

describe('postflight report --publish', () => {
  it.each(['GITHUB_TOKEN', 'GH_TOKEN'])('takes the token from %s and never prints it', async (name) => {
    const before = fake.writes.statuses.length
    const r = await cli({ [name]: TOKEN }, ...publish, '--github-api-url', fake.apiUrl)
    expect(r.code, r.out).toBe(0)
    expect(r.out).toMatch(/publish status: pass: status success set on 1{40}/)
    expect(r.out).not.toContain(TOKEN)
    expect(fake.writes.statuses.slice(before).map((s) => s.sha)).toEqual([SHA])
  })

  it('without a token warns and still exits with the verdict', async () => {
    const r = await cli({}, ...publish, '--github-api-url', fake.apiUrl)
    expect(r.code, r.out).toBe(0)
    expect(r.out).toMatch(/no token: give token, or set GITHUB_TOKEN \(needs statuses: write\)/)
  })

  it('rejects an unknown target, naming the flag (exit 2)', async () => {
    const r = await cli({}, 'report', '--results', 'in', '--publish', 'tweet')
    expect(r.code).toBe(2)
    expect(r.out).toMatch(/--publish/)
  })
})
