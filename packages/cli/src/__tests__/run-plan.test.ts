import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findCommand, type SuiteCommand } from '../commands.ts'
import { assetPlatforms, PLANNERS, type PlanContext, sectionPlanner } from '../run/plan.ts'
import { runnableCommands, selectedSuites } from '../run/planner.ts'
import { progressText, rowText, ttyDisplay } from '../run/progress.ts'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pf-plan-'))
  for (const name of [
    'app-1.0.0-linux-x64.tar.gz',
    'app-1.0.0-aarch64-apple-darwin.tar.gz',
    'app-1.0.0-windows-amd64.zip',
    'app-1.0.0-darwin-universal.tar.gz',
    'SHA256SUMS',
  ])
    await writeFile(path.join(dir, name), 'x')
})
afterAll(() => rm(dir, { recursive: true, force: true }))

const ctx = (suite: string, settings: PlanContext['settings'], hasSection = true): PlanContext => ({
  command: findCommand(suite) as SuiteCommand,
  settings,
  hasSection,
  here: 'linux-x64',
  env: {},
})

describe('#assetPlatforms', () => {
  it('reads each platform the asset names say, skipping universal builds and other files', async () => {
    expect(await assetPlatforms(dir)).toEqual(['darwin-arm64', 'linux-x64', 'win32-x64'])
  })
  it('returns none for a folder that cannot be read (the suite itself reports that)', async () => {
    expect(await assetPlatforms(path.join(dir, 'missing'))).toEqual([])
  })
})

describe('planners', () => {
  it('runs smoke for this platform only and lists the others with the reason', async () => {
    const legs = await PLANNERS['platform-smoke']?.(ctx('smoke', { directory: dir }))
    expect(legs?.map((l) => [l.label, l.run])).toEqual([
      ['linux-x64', true],
      ['darwin-arm64', false],
      ['win32-x64', false],
    ])
    expect(legs?.[1]).toMatchObject({ reason: expect.stringMatching(/^not this runner: darwin-arm64/) })
  })

  it('does not run smoke configured for another platform', async () => {
    const legs = await PLANNERS['platform-smoke']?.(ctx('smoke', { directory: dir, platform: 'win32-x64' }))
    expect(legs?.find((l) => l.label === 'win32-x64')).toMatchObject({ run: false })
    expect(legs?.some((l) => l.run)).toBe(false)
  })

  it('does not run verify or smoke without a release to look at', async () => {
    expect(await PLANNERS['verify-artifacts']?.(ctx('verify', {}))).toEqual([
      expect.objectContaining({ run: false, reason: expect.stringContaining('not configured') }),
    ])
    expect(await PLANNERS['platform-smoke']?.(ctx('smoke', { tag: 'v1' }))).toEqual([
      expect.objectContaining({ run: false }),
    ])
  })

  it('verifies a GitHub release at a tag only when it knows the repository', async () => {
    expect((await PLANNERS['verify-artifacts']?.(ctx('verify', { tag: 'v1' })))?.[0]).toMatchObject({
      run: false,
      reason: 'not configured: tag v1 needs a repository (or GITHUB_REPOSITORY) to fetch it from',
    })
    expect(
      (await PLANNERS['verify-artifacts']?.(ctx('verify', { tag: 'v1', repository: 'acme/app' })))?.[0]?.run,
    ).toBe(true)
  })

  it('runs smoke from a GitHub release at a tag, or a workflow artifact, for this platform alone', async () => {
    for (const settings of [{ tag: 'v1', repository: 'acme/app' }, { 'artifact-name': 'dist' }])
      expect(await PLANNERS['platform-smoke']?.(ctx('smoke', settings))).toEqual([
        expect.objectContaining({ label: 'linux-x64', run: true }),
      ])
  })

  it('runs a suite without a planner of its own exactly when postflight.yml has its section', async () => {
    expect((await sectionPlanner(ctx('verify', {}, true)))[0]?.run).toBe(true)
    expect((await sectionPlanner(ctx('verify', {}, false)))[0]).toMatchObject({
      run: false,
      reason: 'not configured: postflight.yml has no verify-artifacts section',
    })
  })
})

describe('deploy planner', () => {
  const deploy = {
    name: 'deploy',
    aliases: [],
    summary: '',
    spec: { suite: 'deploy-healthcheck' },
  } as unknown as SuiteCommand
  const plan = (settings: PlanContext['settings'], env: NodeJS.ProcessEnv) =>
    PLANNERS['deploy-healthcheck']?.({ command: deploy, settings, hasSection: true, here: 'linux-x64', env })

  it('lists a compose stack as not run when no Docker Engine answers', async () => {
    expect(
      await plan({ 'compose-file': 'compose.yml' }, { DOCKER_HOST: 'unix:///nonexistent/docker.sock' }),
    ).toEqual([
      expect.objectContaining({ run: false, reason: expect.stringMatching(/^no Docker Engine here/) }),
    ])
  })

  it('runs health checks of running endpoints without Docker, and nothing when neither is given', async () => {
    const env = { DOCKER_HOST: 'unix:///nonexistent/docker.sock' }
    expect(await plan({ endpoints: ['http://127.0.0.1:8080/healthz'] }, env)).toEqual([
      expect.objectContaining({ run: true }),
    ])
    expect(await plan({}, env)).toEqual([
      expect.objectContaining({ run: false, reason: expect.stringContaining('not configured') }),
    ])
  })
})

describe('scan planner', () => {
  const scan = {
    name: 'scan',
    aliases: [],
    summary: '',
    spec: { suite: 'container-scan' },
  } as unknown as SuiteCommand
  const noDocker = { DOCKER_HOST: 'unix:///nonexistent/docker.sock' }
  const plan = (settings: PlanContext['settings']) =>
    PLANNERS['container-scan']?.({
      command: scan,
      settings,
      hasSection: true,
      here: 'linux-x64',
      env: noDocker,
    })

  it('scans an archive or a registry image anywhere, a daemon image only where a Docker Engine answers', async () => {
    expect((await plan({ archive: 'app.tar' }))?.[0]?.run).toBe(true)
    expect((await plan({ image: 'ghcr.io/acme/app:1.0.0' }))?.[0]?.run).toBe(true)
    expect((await plan({ image: 'docker-daemon:app:1.0.0' }))?.[0]).toMatchObject({
      run: false,
      reason: 'no Docker Engine here to read docker-daemon:app:1.0.0 from',
    })
    expect((await plan({}))?.[0]).toMatchObject({
      run: false,
      reason: expect.stringContaining('not configured'),
    })
  })
})

describe('#selectedSuites', () => {
  it('takes command names, aliases and suite names', () => {
    expect(selectedSuites(['smoke', 'verify-artifacts'], runnableCommands())).toEqual(
      new Set(['platform-smoke', 'verify-artifacts']),
    )
  })
  it('refuses the report and history, which are not legs', () => {
    expect(() => selectedSuites(['report'], runnableCommands())).toThrow(/not a suite run can run/)
    expect(() => selectedSuites(['history'], runnableCommands())).toThrow(/not a suite run can run/)
  })
})

describe('progress', () => {
  it('says each state in words', () => {
    expect(rowText({ name: 'a@x', state: 'done', status: 'fail', durationMs: 1500 })).toMatch(
      /✗\s+a@x\s+FAILED in 1\.5s/,
    )
    expect(rowText({ name: 'a@x', state: 'running', startedAt: 1000 }, 3000)).toMatch(/running 2\.0s/)
    expect(rowText({ name: 'a@x', state: 'not run', reason: 'why' })).toMatch(/a@x\s+not run: why/)
  })

  it("puts a suite's progress in a few words", () => {
    expect(progressText({ label: 'hash', done: 120e6, total: 266e6, unit: 'bytes' })).toBe(
      'hash 45% of 266 MB',
    )
    expect(progressText({ label: 'download', done: 3, unit: 'items' })).toBe('download 3')
    expect(
      rowText({ name: 'v@x', state: 'running', startedAt: 0, detail: 'hash 45% of 266 MB' }, 1000),
    ).toMatch(/running 1\.0s · hash 45% of 266 MB$/)
  })

  it('redraws the block in place on a terminal and prints warnings above it, holding info logs back', () => {
    const stream = Object.assign(new PassThrough(), { columns: 80 })
    let text = ''
    stream.on('data', (d: Buffer) => {
      text += d.toString()
    })
    const rows = [{ name: 'verify-artifacts@linux-x64', state: 'running' as const, startedAt: Date.now() }]
    const display = ttyDisplay(rows, stream)
    display.sink({ level: 'info', message: 'hashed 5 files', time: '' })
    display.sink({ level: 'warn', message: 'slow mirror', time: '' })
    display.close()
    expect(text).toContain('\x1b[1A') // cursor up: the block is redrawn, not appended
    expect(text).toContain('warn: slow mirror')
    expect(text).not.toContain('hashed 5 files')
  })
})
