// The npm packages as users get them: `npm pack` of the built CLI and library, installed into an
// empty folder (the CLI with no registry at all: it has no runtime dependencies), then run: the
// CLI verifies a real release folder, the library is imported from plain JS and type-checked from
// TypeScript against its published declarations.
import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Packed, packCli, packCore } from '../scripts/release/pack.ts'
import { REPO } from './helpers/paths.ts'

const exec = promisify(execFile)
// npm and npx start `node` from PATH: the provisioned Node 24 the packages declare (engines).
const env = { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}` }
const NPM_FLAGS = ['--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error']
let root: string
let cli: Packed
let core: Packed

async function run(cmd: string, args: string[], cwd: string) {
  return exec(cmd, args, { cwd, env, maxBuffer: 16 * 1024 * 1024 }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      stdout: e.stdout,
      stderr: e.stderr,
    }),
  )
}

async function emptyProject(name: string): Promise<string> {
  const dir = path.join(root, name)
  await mkdir(dir)
  await writeFile(
    path.join(dir, 'package.json'),
    '{ "name": "consumer", "private": true, "type": "module" }\n',
  )
  return dir
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pf-pack-'))
  const out = path.join(root, 'tarballs')
  await mkdir(out)
  ;[cli, core] = await Promise.all([packCli(out), packCore(out)])
}, 120_000)
afterAll(() => rm(root, { recursive: true, force: true }))

describe('npm package postflight (the CLI)', () => {
  let project: string

  beforeAll(async () => {
    project = await emptyProject('cli')
    const install = await run('npm', ['install', '--offline', ...NPM_FLAGS, cli.tarball], project)
    expect(install.code, install.stderr).toBe(0)
  }, 60_000)

  it('installs with no dependencies, a node>=24 bin and no TypeScript', async () => {
    const manifest = JSON.parse(
      await readFile(path.join(project, 'node_modules/postflight/package.json'), 'utf8'),
    )
    expect(manifest).toMatchObject({ name: 'postflight', bin: { postflight: './dist/postflight.js' } })
    expect(manifest.engines).toEqual({ node: '>=24' })
    expect(manifest.dependencies).toBeUndefined()
    expect(manifest.private).toBeUndefined()
    const bin = await readFile(path.join(project, 'node_modules/postflight/dist/postflight.js'), 'utf8')
    expect(bin.startsWith('#!/usr/bin/env node\n')).toBe(true)
  })

  it('npx postflight --version prints the package version', async () => {
    const { version } = JSON.parse(await readFile(path.join(REPO, 'packages/cli/package.json'), 'utf8'))
    const r = await run('npx', ['--offline', 'postflight', '--version'], project)
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout.trim()).toBe(`postflight ${version}`)
  })

  it('verifies a real release folder, and fails a tampered one', async () => {
    const release = path.join(root, 'release')
    await mkdir(path.join(release, 'app-1.0.0'), { recursive: true })
    await writeFile(path.join(release, 'app-1.0.0/app'), '#!/bin/sh\necho app 1.0.0\n')
    await exec('tar', ['-czf', 'app-1.0.0-linux-x64.tar.gz', 'app-1.0.0'], { cwd: release })
    await rm(path.join(release, 'app-1.0.0'), { recursive: true })
    const { stdout: sums } = await exec('sha256sum', ['app-1.0.0-linux-x64.tar.gz'], { cwd: release })
    await writeFile(path.join(release, 'SHA256SUMS'), sums)
    const verify = (results: string) =>
      run(
        'npx',
        [
          '--offline',
          'postflight',
          'verify',
          '--directory',
          release,
          '--tag',
          'v1.0.0',
          '--results-dir',
          results,
          '--json',
        ],
        project,
      )

    const good = await verify(path.join(root, 'good'))
    expect(good.code, good.stderr).toBe(0)
    const result = JSON.parse(good.stdout)
    expect(result).toMatchObject({ suite: 'verify-artifacts', status: 'pass' })
    expect(result.checks.map((c: { id: string }) => c.id)).toContain('checksum:app-1.0.0-linux-x64.tar.gz')

    await writeFile(path.join(release, 'app-1.0.0-linux-x64.tar.gz'), 'tampered')
    const bad = await verify(path.join(root, 'bad'))
    expect(bad.code).toBe(1)
    expect(JSON.parse(bad.stdout).status).toBe('fail')
  })
})

describe('npm package @postflight/core (the library)', () => {
  let project: string

  beforeAll(async () => {
    project = await emptyProject('core')
    // Its dependencies come from the registry (or npm's cache), as for any user.
    const install = await run('npm', ['install', '--prefer-offline', ...NPM_FLAGS, core.tarball], project)
    expect(install.code, install.stderr).toBe(0)
  }, 120_000)

  it('imports from plain JS and builds a result', async () => {
    await writeFile(
      path.join(project, 'use.mjs'),
      [
        "import { SuiteBuilder, currentLeg, versionFromTag } from '@postflight/core'",
        "const suite = new SuiteBuilder('custom', currentLeg('here'), { tag: 'v2.0.1' })",
        "suite.add({ id: 'a', title: 'A', status: 'pass', message: 'ok' })",
        "suite.add({ id: 'b', title: 'B', status: 'warn', message: 'hm' })",
        'console.log(JSON.stringify({ version: versionFromTag("v2.0.1"), status: suite.finish().status }))',
      ].join('\n'),
    )
    const r = await run(process.execPath, ['use.mjs'], project)
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual({ version: '2.0.1', status: 'warn' })
  })

  it('type-checks a TypeScript consumer against its declarations', async () => {
    await writeFile(
      path.join(project, 'use.ts'),
      [
        "import { type Check, SuiteBuilder, currentLeg } from '@postflight/core'",
        "const suite = new SuiteBuilder('custom', currentLeg('here'))",
        "const check: Check = suite.add({ id: 'a', title: 'A', status: 'pass', message: 'ok' })",
        'export const id: string = check.id',
        '// @ts-expect-error a status outside the model is a type error',
        "suite.add({ id: 'b', title: 'B', status: 'green', message: 'no' })",
      ].join('\n'),
    )
    const tsc = path.join(REPO, 'node_modules/typescript/bin/tsc')
    const r = await run(
      process.execPath,
      [
        tsc,
        '--noEmit',
        '--strict',
        '--skipLibCheck',
        '--module',
        'nodenext',
        '--moduleResolution',
        'nodenext',
        '--target',
        'es2024',
        '--typeRoots',
        path.join(REPO, 'node_modules/@types'),
        '--types',
        'node',
        'use.ts',
      ],
      project,
    )
    expect(r.stdout + r.stderr).toBe('')
    expect(r.code).toBe(0)
  })
})
