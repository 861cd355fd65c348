// Splits an action out to its own repository — a real bare repository in a temp folder standing
// in for github.com/<owner>/<action> — and checks what a Marketplace user would get: action.yml and
// the bundle at the root, the release and major tags where they belong, and a bundle that runs
// from that checkout as the runner runs it.
import { execFile } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { remoteTags } from '../scripts/release/git.ts'
import { splitAction } from '../scripts/release/split-action.ts'
import { REPO } from './helpers/paths.ts'
import { runBundle } from './helpers/run-bundle.ts'
import { HOST, makeSmokeRelease } from './smoke-release.ts'

const exec = promisify(execFile)
let root: string
let bare: string

async function checkout(name: string, ref = 'main'): Promise<string> {
  const dir = path.join(root, name)
  await exec('git', ['clone', '-q', '--branch', ref, bare, dir])
  return dir
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pf-split-'))
  bare = path.join(root, 'platform-smoke.git')
  await exec('git', ['init', '-q', '--bare', bare])
})
afterAll(() => rm(root, { recursive: true, force: true }))

describe('split-action', () => {
  let first: Awaited<ReturnType<typeof splitAction>>

  it('pushes action.yml and dist/ at the root, tagged vX.Y.Z and vX', async () => {
    first = await splitAction({
      repoRoot: REPO,
      action: 'platform-smoke',
      remote: bare,
      version: '1.2.0',
      sourceSha: 'f'.repeat(40),
    })
    expect(first).toMatchObject({ tag: 'v1.2.0', majorTag: 'v1' })
    const dir = await checkout('first', 'v1.2.0')
    expect((await readdir(dir)).filter((f) => f !== '.git').sort()).toEqual([
      'CHANGELOG.md',
      'README.md',
      'action.yml',
      'dist',
    ])
    // The whole dist folder, chunks included, exactly as committed.
    const listing = async (at: string) => (await readdir(at, { recursive: true })).sort()
    const shipped = await listing(path.join(dir, 'dist'))
    expect(shipped).toEqual(await listing(path.join(REPO, 'actions/platform-smoke/dist')))
    expect(shipped).toContain('index.js')
    expect(await readFile(path.join(dir, 'action.yml'), 'utf8')).toBe(
      await readFile(path.join(REPO, 'actions/platform-smoke/action.yml'), 'utf8'),
    )
    const tags = await remoteTags(root, bare)
    expect(tags.get('v1.2.0')).toBe(first.commit)
    expect(tags.get('v1')).toBe(first.commit)
    const { stdout } = await exec('git', ['log', '-1', '--format=%B', 'v1.2.0'], { cwd: dir })
    expect(stdout).toContain(`Built from ${'f'.repeat(40)}`)
  })

  it('the bundle runs from that checkout as the runner runs it', async () => {
    const dir = await checkout('run', 'v1')
    const release = path.join(root, 'release')
    const asset = await makeSmokeRelease(release, { version: '1.2.3' })
    const run = await runBundle(path.join(dir, 'dist/index.js'), root, {
      directory: release,
      tag: 'v1.2.3',
      'startup-runs': '1',
      'results-dir': path.join(root, 'results'),
    })
    expect(run.code, run.log).toBe(0)
    expect(run.outputs).toMatchObject({ status: 'pass', asset, platform: HOST })
  })

  it('a later release is a new commit on the same history, and moves only the major tag', async () => {
    const second = await splitAction({
      repoRoot: REPO,
      action: 'platform-smoke',
      remote: bare,
      version: '1.3.0',
    })
    expect(second.commit).not.toBe(first.commit)
    const tags = await remoteTags(root, bare)
    expect(tags.get('v1.2.0')).toBe(first.commit)
    expect(tags.get('v1.3.0')).toBe(second.commit)
    expect(tags.get('v1')).toBe(second.commit)
    const dir = await checkout('second')
    const { stdout } = await exec('git', ['rev-list', '--parents', '-n', '1', 'HEAD'], { cwd: dir })
    expect(stdout.trim().split(' ')).toEqual([second.commit, first.commit])
  })

  it('a pre-release is tagged but leaves the major tag alone', async () => {
    const pre = await splitAction({
      repoRoot: REPO,
      action: 'platform-smoke',
      remote: bare,
      version: '2.0.0-rc.1',
    })
    const tags = await remoteTags(root, bare)
    expect(pre.majorTag).toBe('')
    expect(tags.get('v2.0.0-rc.1')).toBe(pre.commit)
    expect(tags.has('v2')).toBe(false)
    expect(tags.get('v1')).not.toBe(pre.commit)
  })

  it('refuses to release a version twice, and an action without a bundle', async () => {
    await expect(
      splitAction({ repoRoot: REPO, action: 'platform-smoke', remote: bare, version: '1.2.0' }),
    ).rejects.toThrow('platform-smoke v1.2.0 is already released')
    await expect(splitAction({ repoRoot: REPO, action: 'no-such-action', remote: bare })).rejects.toThrow(
      'actions/no-such-action/action.yml is missing',
    )
    await expect(
      splitAction({ repoRoot: REPO, action: 'platform-smoke', remote: bare, version: '1.2' }),
    ).rejects.toThrow("version must be X.Y.Z, got '1.2'")
  })
})
