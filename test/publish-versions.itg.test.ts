// Independent versions: the real `changeset version` on a copy of this workspace's manifests and
// the project's .changeset/config.json. A changeset moves only the packages it names (and writes
// only their CHANGELOG.md); a core release re-releases every package that bundles core.
import { execFile } from 'node:child_process'
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPO } from './helpers/paths.ts'

const exec = promisify(execFile)
let root: string
let packages: string[]

const manifest = async (dir: string) =>
  JSON.parse(await readFile(path.join(root, dir, 'package.json'), 'utf8')) as {
    name: string
    version: string
  }
const changelog = (dir: string) => readFile(path.join(root, dir, 'CHANGELOG.md'), 'utf8')

async function version(changeset: string): Promise<void> {
  await writeFile(path.join(root, '.changeset', `change-${Date.now()}.md`), changeset)
  await exec(process.execPath, [path.join(REPO, 'node_modules/@changesets/cli/bin.js'), 'version'], {
    cwd: root,
  })
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pf-versions-'))
  for (const f of ['package.json', 'pnpm-workspace.yaml', '.changeset/config.json'])
    await cp(path.join(REPO, f), path.join(root, f))
  packages = [
    ...(await readdir(path.join(REPO, 'actions'))).map((d) => `actions/${d}`),
    'packages/core',
    'packages/cli',
  ]
  for (const dir of packages) {
    await mkdir(path.join(root, dir), { recursive: true })
    for (const f of ['package.json', 'CHANGELOG.md'])
      await cp(path.join(REPO, dir, f), path.join(root, dir, f)).catch(() => undefined)
  }
  // The changelog generator named in config.json is resolved from the workspace's node_modules.
  await symlink(path.join(REPO, 'node_modules'), path.join(root, 'node_modules'))
})
afterAll(() => rm(root, { recursive: true, force: true }))

describe('changesets', () => {
  it('moves only the package a changeset names (and what bundles it), and writes only their changelogs', async () => {
    const before = Object.fromEntries(await Promise.all(packages.map(async (d) => [d, await manifest(d)])))
    const reportBefore = (before['actions/report'] as { version: string }).version
    await version("---\n'@postflight/report': minor\n---\n\nPublishes the verdict to a webhook.\n")
    const report = await manifest('actions/report')
    expect(report.version).not.toBe(reportBefore)
    expect(report.version).toMatch(/^\d+\.\d+\.0$/)
    const log = await changelog('actions/report')
    expect(log.indexOf(`## ${report.version}`)).toBeLessThan(log.indexOf(`## ${reportBefore}`))
    expect(log).toContain('Publishes the verdict to a webhook.')
    // The CLI bundles the report engine: it gets a patch release; nothing else moves.
    const cliBefore = (before['packages/cli'] as { version: string }).version.split('.').map(Number)
    expect((await manifest('packages/cli')).version).toBe(
      `${cliBefore[0]}.${cliBefore[1]}.${Number(cliBefore[2]) + 1}`,
    )
    for (const dir of packages.filter((d) => d !== 'actions/report' && d !== 'packages/cli'))
      expect((await manifest(dir)).version, dir).toBe((before[dir] as { version: string }).version)
    expect(await changelog('actions/verify-artifacts')).not.toContain('webhook')
    expect((await readdir(path.join(root, '.changeset'))).filter((f) => f.endsWith('.md'))).toEqual([])
  })

  it('a core release re-releases every package that bundles it (a patch each)', async () => {
    const before = Object.fromEntries(
      await Promise.all(packages.map(async (d) => [d, (await manifest(d)).version])),
    )
    await version("---\n'@postflight/core': patch\n---\n\nRetries honour Retry-After in seconds.\n")
    for (const dir of packages) {
      const [major, minor, patch] = (before[dir] as string).split('.').map(Number) as [number, number, number]
      expect((await manifest(dir)).version, dir).toBe(`${major}.${minor}.${patch + 1}`)
    }
    expect(await changelog('actions/platform-smoke')).toContain('@postflight/core')
  })
})
