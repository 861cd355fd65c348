// The release workflow's publish step on a real (small) monorepo clone and real bare repositories
// standing in for GitHub: each action whose version has no tag is published on its own, and the
// reusable workflow is released with its action refs pinned to the released commit.
import { execFile } from 'node:child_process'
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { remoteTags } from '../scripts/release/git.ts'
import { type PublishOptions, publishActions, publishWorkflow } from '../scripts/release/publish.ts'
import { REPO } from './helpers/paths.ts'

const exec = promisify(execFile)
const ACTIONS = ['platform-smoke', 'report']
let root: string
let mono: string
let origin: string
let options: PublishOptions

async function git(cwd: string, ...args: string[]): Promise<string> {
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 't',
    GIT_AUTHOR_EMAIL: 't@t',
    GIT_COMMITTER_NAME: 't',
    GIT_COMMITTER_EMAIL: 't@t',
  }
  return (await exec('git', args, { cwd, env })).stdout.trim()
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pf-publish-'))
  mono = path.join(root, 'postflight')
  origin = path.join(root, 'postflight.git')
  await git(root, 'init', '-q', '--bare', origin)
  for (const name of ACTIONS) {
    await git(root, 'init', '-q', '--bare', path.join(root, `${name}.git`))
    for (const f of ['action.yml', 'README.md', 'package.json', 'dist'])
      await cp(path.join(REPO, 'actions', name, f), path.join(mono, 'actions', name, f), { recursive: true })
  }
  await cp(
    path.join(REPO, '.github/workflows/validate-release.yml'),
    path.join(mono, '.github/workflows/validate-release.yml'),
  )
  await mkdir(path.join(mono, 'packages/cli'), { recursive: true })
  await writeFile(
    path.join(mono, 'packages/cli/package.json'),
    '{ "name": "postflight", "version": "1.4.0" }\n',
  )
  await git(mono, 'init', '-q', '-b', 'main')
  await git(mono, 'add', '-A')
  await git(mono, 'commit', '-q', '-m', 'initial')
  await git(mono, 'remote', 'add', 'origin', origin)
  await git(mono, 'push', '-q', 'origin', 'main')
  options = { repoRoot: mono, repository: 'acme/postflight', actionRemote: path.join(root, '{name}.git') }
})
afterAll(() => rm(root, { recursive: true, force: true }))

describe('publish', () => {
  it('publishes each action without a tag to its own repository and tags it here', async () => {
    const head = await git(mono, 'rev-parse', 'HEAD')
    const published = await publishActions(options)
    expect(published.map((p) => p.tag)).toEqual(['platform-smoke@v0.1.0', 'report@v0.1.0'])
    const tags = await remoteTags(root, origin)
    for (const name of ACTIONS) {
      expect(tags.get(`${name}@v0.1.0`), name).toBe(head)
      expect(tags.get(`${name}@v0`), name).toBe(head)
      const own = await remoteTags(root, path.join(root, `${name}.git`))
      expect(own.get('v0.1.0'), name).toBe(published.find((p) => p.name === name)?.commit)
    }
  })

  it('publishes only the action whose version moved, and moves only its major tag', async () => {
    const before = await remoteTags(root, origin)
    const manifest = path.join(mono, 'actions/report/package.json')
    await writeFile(
      manifest,
      (await readFile(manifest, 'utf8')).replace('"version": "0.1.0"', '"version": "0.2.0"'),
    )
    await git(mono, 'commit', '-q', '-am', 'report 0.2.0')
    const head = await git(mono, 'rev-parse', 'HEAD')
    expect((await publishActions(options)).map((p) => p.tag)).toEqual(['report@v0.2.0'])
    const tags = await remoteTags(root, origin)
    expect(tags.get('report@v0')).toBe(head)
    expect(tags.get('report@v0.1.0')).toBe(before.get('report@v0.1.0'))
    expect(tags.get('platform-smoke@v0')).toBe(before.get('platform-smoke@v0'))
    expect(await publishActions(options)).toEqual([])
  })

  it('releases the workflow on a commit of its own, its actions pinned to the released commit', async () => {
    const head = await git(mono, 'rev-parse', 'HEAD')
    const release = await publishWorkflow(options)
    expect(release?.tag).toBe('v1.4.0')
    const tags = await remoteTags(root, origin)
    expect(tags.get('v1.4.0')).toBe(release?.commit)
    expect(tags.get('v1')).toBe(release?.commit)
    const clone = path.join(root, 'caller-view')
    await git(root, 'clone', '-q', '--branch', 'v1', origin, clone)
    expect(await git(clone, 'rev-parse', 'HEAD^')).toBe(head)
    const workflow = await readFile(path.join(clone, '.github/workflows/validate-release.yml'), 'utf8')
    expect(workflow).not.toMatch(/uses:\s*\.\/actions/)
    expect(workflow).toContain(`uses: acme/postflight/actions/report@${head} # v1.4.0`)
    expect(workflow).toContain(`uses: acme/postflight/actions/platform-smoke@${head} # v1.4.0`)
    // main and the work tree keep the source form.
    expect(await git(root, '--git-dir', origin, 'rev-parse', 'main')).not.toBe(release?.commit)
    expect(await readFile(path.join(mono, '.github/workflows/validate-release.yml'), 'utf8')).toMatch(
      /uses: \.\/actions\/report/,
    )
    expect(await git(mono, 'status', '--porcelain')).toBe('')
    expect(await publishWorkflow(options)).toBeUndefined()
  })
})
