// The committed bundle as the runner runs it, pointed at a GitHub release on the loopback fake:
// INPUT_* variables (names keep their hyphens, as the runner sets them), GITHUB_OUTPUT, and a
// token that must be masked and reach nothing but the API.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type FakeAsset, type GithubFake, startGithubFake } from './github-fake/server.ts'
import { REPO } from './helpers/paths.ts'
import { makeRealRelease } from './helpers/real-release.ts'
import { runBundle } from './helpers/run-bundle.ts'

const BUNDLE = path.join(REPO, 'actions/verify-artifacts/dist/index.js')
const TOKEN = 'ghs_loopbackOnlyTokenThatMustNeverLeak42'

let root: string
let files: FakeAsset[]
let fake: GithubFake

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pf-release-action-'))
  const real = await makeRealRelease(path.join(root, 'real'))
  const names = (await readdir(real.dir)).sort()
  files = await Promise.all(
    names.map(async (name) => ({ name, data: await readFile(path.join(real.dir, name)) })),
  )
  fake = await startGithubFake({ token: TOKEN, private: true, releases: [{ tag: 'v1.2.3', assets: files }] })
})
afterEach(() => fake.assertConforms())
afterAll(async () => {
  await fake?.close()
  await rm(root, { recursive: true, force: true })
})

function runStep(inputs: Record<string, string>, extraEnv: NodeJS.ProcessEnv = {}) {
  return runBundle(BUNDLE, root, inputs, {
    env: { GITHUB_REPOSITORY: 'acme/app', GITHUB_API_URL: fake.apiUrl, ...extraEnv },
  })
}

describe('verify-artifacts bundle on a GitHub release', () => {
  it('fetches and verifies a private release with the token input, masking it', async () => {
    const run = await runStep({ tag: 'v1.2.3', token: TOKEN, 'results-dir': path.join(root, 'results') })
    expect(run.code, run.log).toBe(0)
    expect(run.outputs.status).toBe('pass')
    // The only place the token may appear is the runner's mask command.
    expect(run.log.replaceAll(`::add-mask::${TOKEN}`, '')).not.toContain(TOKEN)
    expect(run.log).toContain(`::add-mask::${TOKEN}`)
    const resultsFile = await readFile(run.outputs['results-file'] ?? '', 'utf8')
    expect(resultsFile).not.toContain(TOKEN)
    expect(JSON.parse(resultsFile).checks.map((c: { id: string }) => c.id)).toContain('digest:SHA256SUMS')
    expect(fake.requests.filter((r) => r.host === 'storage' && r.headers.authorization)).toEqual([])
  })

  it('reads the token from GITHUB_TOKEN and the API from GITHUB_API_URL when no input names them', async () => {
    const run = await runStep(
      { tag: 'latest', 'results-dir': path.join(root, 'results-env') },
      { GITHUB_TOKEN: TOKEN },
    )
    expect(run.code, run.log).toBe(0)
    expect(run.log.replaceAll(`::add-mask::${TOKEN}`, '')).not.toContain(TOKEN)
  })

  it('exits 2 naming what to do when the release cannot be found', async () => {
    const run = await runStep({ tag: 'v1.2.3', 'results-dir': path.join(root, 'results-404') })
    expect(run.code).toBe(2)
    expect(run.outputs.status).toBe('error')
    expect(run.log).toMatch(/acme\/app has no release tagged 'v1\.2\.3'.*needs a token/)
  })
})
