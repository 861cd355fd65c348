// The committed platform-smoke bundle as the runner runs it, testing a GitHub release on the loopback
// fake: real release folders (tar.gz of a script binary, a real SHA256SUMS) uploaded as assets, only
// the platform's asset and the manifest fetched, and its checksum verified before anything runs.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type FakeAsset, type FakeRelease, type GithubFake, startGithubFake } from './github-fake/server.ts'
import { REPO } from './helpers/paths.ts'
import { runBundle } from './helpers/run-bundle.ts'
import { HOST, makeSmokeRelease } from './smoke-release.ts'

const BUNDLE = path.join(REPO, 'actions/platform-smoke/dist/index.js')
const TOKEN = 'ghs_smokeLoopbackTokenThatMustNeverLeak7'
let root: string
let fake: GithubFake
let good: string

async function assetsOf(dir: string): Promise<FakeAsset[]> {
  const names = (await readdir(dir)).sort()
  return Promise.all(names.map(async (name) => ({ name, data: await readFile(path.join(dir, name)) })))
}

async function release(
  tag: string,
  change?: (assets: FakeAsset[], chosen: string) => Promise<FakeAsset[]>,
): Promise<FakeRelease> {
  const dir = path.join(root, tag)
  const chosen = await makeSmokeRelease(dir, { version: tag.slice(1) })
  const assets = await assetsOf(dir)
  return { tag, assets: change ? await change(assets, chosen) : assets }
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pf-smoke-gh-'))
  const releases = [
    // No asset for this platform: only the others' (and the manifest that still names it).
    await release('v0.9.0', async (assets, chosen) => assets.filter((a) => a.name !== chosen)),
    // The asset's bytes are not those SHA256SUMS lists (GitHub's digest is of the bytes served).
    await release('v1.0.0', async (assets, chosen) => {
      const other = await makeSmokeRelease(path.join(root, 'other'), { version: '1.0.0', reports: '6.6.6' })
      const data = await readFile(path.join(root, 'other', other))
      return assets.map((a) => (a.name === chosen ? { name: a.name, data } : a))
    }),
    // GitHub's digest disagrees with the bytes (and the manifest).
    await release('v1.1.0', async (assets, chosen) =>
      assets.map((a) => (a.name === chosen ? { ...a, digest: `sha256:${'0'.repeat(64)}` } : a)),
    ),
    // The platform's asset named to climb out of the download folder (GitHub never serves such a name).
    await release('v1.3.0', async (assets, chosen) =>
      assets.map((a) => (a.name === chosen ? { ...a, name: `../../${a.name}` } : a)),
    ),
    await release('v1.2.3'),
  ]
  good = (await readdir(path.join(root, 'v1.2.3'))).find((n) => n.includes(HOST)) ?? ''
  fake = await startGithubFake({ token: TOKEN, private: true, releases })
})
afterEach(() => fake.assertConforms())
afterAll(async () => {
  await fake?.close()
  await rm(root, { recursive: true, force: true })
})

function runStep(inputs: Record<string, string>, extraEnv: NodeJS.ProcessEnv = {}) {
  return runBundle(
    BUNDLE,
    root,
    { 'startup-runs': '1', retries: '0', ...inputs },
    { env: { GITHUB_REPOSITORY: 'acme/app', GITHUB_API_URL: fake.apiUrl, ...extraEnv } },
  )
}

async function resultOf(run: Awaited<ReturnType<typeof runStep>>) {
  return JSON.parse(await readFile(run.outputs['results-file'] ?? '', 'utf8')) as {
    status: string
    release: Record<string, string>
    checks: Array<{ id: string; status: string; message: string; evidence?: Record<string, unknown> }>
  }
}

describe('platform-smoke on a GitHub release', () => {
  it('downloads only the platform asset and the manifest, verifies it, then runs it', async () => {
    const before = fake.requests.length
    const run = await runStep({
      repository: 'acme/app',
      tag: 'v1.2.3',
      token: TOKEN,
      'results-dir': path.join(root, 'r1'),
    })
    expect(run.code, run.log).toBe(0)
    expect(run.outputs).toMatchObject({ status: 'pass', asset: good, platform: HOST })
    const result = await resultOf(run)
    const checksum = result.checks.find((c) => c.id === `checksum:${HOST}`)
    expect(checksum?.status).toBe('pass')
    expect(checksum?.message).toMatch(/SHA256SUMS:\d+ \(sha256\), GitHub digest \(sha256\)/)
    expect(result.checks.find((c) => c.id === `version:${HOST}`)?.status).toBe('pass')
    const fetched = fake.requests
      .slice(before)
      .filter((r) => r.host === 'storage')
      .map((r) => decodeURIComponent(r.path.split('?')[0]?.split('/').pop() ?? ''))
    expect(fetched.sort()).toEqual(['SHA256SUMS', good].sort())
    // The token reaches nothing but the API and the mask command.
    expect(run.log.replaceAll(`::add-mask::${TOKEN}`, '')).not.toContain(TOKEN)
    expect(await readFile(run.outputs['results-file'] ?? '', 'utf8')).not.toContain(TOKEN)
    expect(fake.requests.filter((r) => r.host === 'storage' && r.headers.authorization)).toEqual([])
  })

  it('resolves latest, and the version the binary must report is the latest tag', async () => {
    const run = await runStep(
      { tag: 'latest', 'results-dir': path.join(root, 'r2') },
      { GITHUB_TOKEN: TOKEN },
    )
    expect(run.code, run.log).toBe(0)
    const result = await resultOf(run)
    expect(result.release).toMatchObject({ tag: 'v1.2.3', version: '1.2.3' })
  })

  it('fails, running nothing, when the asset does not match SHA256SUMS', async () => {
    const run = await runStep({ tag: 'v1.0.0', token: TOKEN, 'results-dir': path.join(root, 'r3') })
    expect(run.code).toBe(1)
    const result = await resultOf(run)
    const checksum = result.checks.find((c) => c.id === `checksum:${HOST}`)
    expect(checksum?.status).toBe('fail')
    expect(checksum?.message).toMatch(/does not match SHA256SUMS:\d+ .*nothing from it is run/)
    expect(result.checks.map((c) => c.id)).toEqual([`select:${HOST}`, `checksum:${HOST}`])
  })

  it("fails when the asset does not match GitHub's digest", async () => {
    const run = await runStep({ tag: 'v1.1.0', token: TOKEN, 'results-dir': path.join(root, 'r4') })
    expect(run.code).toBe(1)
    const checksum = (await resultOf(run)).checks.find((c) => c.id === `checksum:${HOST}`)
    expect(checksum?.message).toContain('GitHub digest')
    expect(checksum?.message).not.toContain('SHA256SUMS:')
  })

  it('fails a release with no asset for the platform, naming what it looked for', async () => {
    const run = await runStep({ tag: 'v0.9.0', token: TOKEN, 'results-dir': path.join(root, 'r5') })
    expect(run.code).toBe(1)
    expect(JSON.parse(run.outputs['failed-checks'] ?? '')).toEqual([`select:${HOST}`])
    expect(run.log).toContain(`looked for an asset built for ${HOST} among`)
  })

  it('ignores an asset whose name is not a plain file name, writing nothing outside its folder', async () => {
    const before = fake.requests.length
    const run = await runStep({ tag: 'v1.3.0', token: TOKEN, 'results-dir': path.join(root, 'r7') })
    expect(run.code).toBe(1)
    expect(JSON.parse(run.outputs['failed-checks'] ?? '')).toEqual([`select:${HOST}`])
    expect(run.log).toContain(`ignored the asset "../../app-1.3.0-${HOST}.tar.gz": not a plain file name`)
    expect(fake.requests.slice(before).filter((r) => r.host === 'storage')).toEqual([])
  })

  it('exits 2 naming the inputs when there is nothing to test', async () => {
    const run = await runStep({ 'results-dir': path.join(root, 'r6') }, { GITHUB_REPOSITORY: '' })
    expect(run.code).toBe(2)
    expect(run.log).toContain("no release to test: give 'directory'")
  })
})
