// `postflight run` as users run it (node packages/cli/src/bin.ts), over a real signed sample release:
// what runs here runs for real, what cannot is a skipped leg with its reason (never a pass), a
// suite that cannot do its job is an error leg, and the report is written over exactly this run.
import { spawn, spawnSync } from 'node:child_process'
import { mkdir, mkdtemp, open, readFile, rm, stat, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findCommand } from '../packages/cli/src/commands.ts'
import { buildSampleRelease } from '../packages/cli/src/demo/sample-release.ts'
import { NODE24, REPO } from './helpers/paths.ts'

const BIN = path.join(REPO, 'packages/cli/src/bin.ts')
const HERE = `${process.platform}-${process.arch}`
let root: string

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(NODE24, [BIN, 'run', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, GITHUB_REPOSITORY: '', CI: 'true', ...env },
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

const CONFIG = `# yaml-language-server: $schema=../schema/postflight.schema.json
defaults:
  directory: release
  tag: v1.4.0
verify-artifacts:
  public-key: release-signing-key.asc
  expected-assets:
    - demo-app-{version}-linux-x64.tar.gz
    - demo-app-{version}-win32-x64.zip
platform-smoke:
  commands: |
    - name: prints-version
      run: demo-app --version
      expect-output: demo-app 1\\.4\\.0
`

async function readJson(file: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(path.join(root, file), 'utf8'))
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pf-run-'))
  await mkdir(path.join(root, 'release'))
  await buildSampleRelease(path.join(root, 'release'))
  await writeFile(path.join(root, 'postflight.yml'), CONFIG)
}, 60_000)
afterAll(() => rm(root, { recursive: true, force: true }))

describe('postflight run', () => {
  it('runs verify and smoke for this platform, lists the other platforms as not run, and writes the report', async () => {
    const r = run([])
    expect(r.code, r.stdout + r.stderr).toBe(0)
    expect(r.stdout).toMatch(new RegExp(`✓\\s+verify-artifacts@${HERE}\\s+passed`))
    expect(r.stdout).toMatch(new RegExp(`✓\\s+platform-smoke@${HERE}\\s+passed`))
    for (const other of ['darwin-arm64', 'win32-x64', 'linux-x64'].filter((p) => p !== HERE))
      expect(r.stdout).toContain(`platform-smoke@${other}`)
    expect(r.stdout).toMatch(/not run: not this runner: \S+ needs a \S+ machine/)
    expect(r.stdout).toContain(`html report: ${path.join('postflight-report', 'report.html')}`)
    for (const f of ['report.html', 'report.json', 'junit.xml', 'report.sarif', 'summary.md'])
      expect((await stat(path.join(root, 'postflight-report', f))).size).toBeGreaterThan(0)

    const report = (await readJson('postflight-report/report.json')) as {
      status: string
      missing: string[]
      suites: Array<{
        suite: string
        status: string
        leg: { label: string }
        checks: Array<{ message: string }>
      }>
    }
    expect(report.status).toBe('pass')
    expect(report.missing).toEqual([])
    const smoke = report.suites.filter((s) => s.suite === 'platform-smoke')
    expect(smoke.find((s) => s.leg.label === HERE)?.status).toBe('pass')
    const others = smoke.filter((s) => s.leg.label !== HERE)
    expect(others.length).toBeGreaterThanOrEqual(2)
    for (const s of others) {
      expect(s.status).toBe('skip')
      expect(s.checks[0]?.message).toMatch(/^not run: not this runner/)
    }
  })

  it('prints one JSON document with --json', () => {
    const r = run(['--json', '--results-dir', 'json-results', '--out-dir', 'json-report'])
    expect(r.code, r.stderr).toBe(0)
    const out = JSON.parse(r.stdout) as {
      status: string
      exitCode: number
      legs: Array<{ suite: string; label: string; ran: boolean; status: string; reason?: string }>
      report: { files: string[] }
    }
    expect(out).toMatchObject({ status: 'pass', exitCode: 0 })
    expect(out.legs).toContainEqual(
      expect.objectContaining({ suite: 'verify-artifacts', label: HERE, ran: true, status: 'pass' }),
    )
    expect(out.legs.filter((l) => !l.ran).every((l) => l.status === 'skip' && l.reason)).toBe(true)
    expect(out.report.files).toContain(path.join('json-report', 'report.html'))
  })

  it('runs only the suites --only names; the others are listed as not selected', async () => {
    const r = run(['--only', 'verify', '--results-dir', 'only-results', '--out-dir', 'only-report'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(new RegExp(`platform-smoke@${HERE}\\s+not run: not selected \\(--only\\)`))
    const leg = await readJson(`only-results/platform-smoke--${HERE}.json`)
    expect(leg).toMatchObject({
      status: 'skip',
      checks: [{ status: 'skip', message: 'not run: not selected (--only)' }],
    })
  })

  it("writes every results file into postflight.yml's defaults.results-dir when no flag names one", async () => {
    await writeFile(
      path.join(root, 'dirs.yml'),
      'defaults:\n  directory: release\n  results-dir: from-config\nverify-artifacts:\n  public-key: release-signing-key.asc\nreport:\n  out-dir: report-from-config\n',
    )
    const r = run(['--config', 'dirs.yml', '--only', 'verify'])
    expect(r.code, r.stderr).toBe(0)
    expect(await readJson(`from-config/verify-artifacts--${HERE}.json`)).toMatchObject({ status: 'pass' })
    expect(await readJson(`from-config/platform-smoke--${HERE}.json`)).toMatchObject({ status: 'skip' })
    expect(await readJson('report-from-config/report.json')).toMatchObject({ status: 'pass' })
  })

  it('exits 2 on an unknown suite in --only and on an unknown flag, naming the nearest', () => {
    const only = run(['--only', 'smok'])
    expect(only.code).toBe(2)
    expect(only.stderr).toContain("--only: 'smok' is not a suite run can run (did you mean 'smoke'?)")
    const flag = run(['--out-dri', 'x'])
    expect(flag.code).toBe(2)
    expect(flag.stderr).toContain('unknown flag --out-dri (did you mean --out-dir?)')
  })

  it('exits 2 without a postflight.yml, saying how to give one', () => {
    const r = run(['--config', 'nowhere.yml'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/cannot read nowhere\.yml: .*give --config or POSTFLIGHT_CONFIG/)
  })

  it('makes a suite with a bad setting an error leg: exit 2, the error in its results file and the report', async () => {
    await writeFile(
      path.join(root, 'bad.yml'),
      'defaults:\n  directory: release\nplatform-smoke:\n  retires: 3\n',
    )
    const r = run(['--config', 'bad.yml', '--results-dir', 'bad-results', '--out-dir', 'bad-report'])
    expect(r.code).toBe(2)
    const leg = await readJson(`bad-results/platform-smoke--${HERE}.json`)
    expect(leg).toMatchObject({ status: 'error', partial: true })
    expect(JSON.stringify(leg)).toContain("unknown key 'platform-smoke.retires' (did you mean 'retries'?)")
    expect(await readJson('bad-report/report.json')).toMatchObject({ status: 'error' })
  })

  it('exits 1 when the release was tampered with, on exactly the changed asset', async () => {
    const copy = path.join(root, 'tampered')
    await mkdir(copy)
    await buildSampleRelease(copy)
    const handle = await open(path.join(copy, 'demo-app-1.4.0-win32-x64.zip'), 'r+')
    await handle.write(Buffer.from([0x42]), 0, 1, 40)
    await handle.close()
    const r = run(['--only', 'verify', '--results-dir', 't-results', '--out-dir', 't-report'], {
      POSTFLIGHT_DIRECTORY: 'tampered',
      POSTFLIGHT_PUBLIC_KEY: 'release-signing-key.asc',
    })
    expect(r.code, r.stderr).toBe(1)
    expect(r.stdout).toMatch(new RegExp(`✗\\s+verify-artifacts@${HERE}\\s+FAILED`))
    expect(r.stdout).toContain('checksum:demo-app-1.4.0-win32-x64.zip')
  })

  it('lets --fail-on never exit 0 over the same failure, which the verdict still shows', () => {
    const r = run(
      ['--only', 'verify', '--fail-on', 'never', '--results-dir', 'n-results', '--out-dir', 'n-report'],
      { POSTFLIGHT_DIRECTORY: 'tampered', POSTFLIGHT_PUBLIC_KEY: 'release-signing-key.asc' },
    )
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/report: FAILED/)
    expect(r.stdout).toContain("exit 0: fail-on is 'never', so failed checks do not fail this run")
  })

  it.runIf(findCommand('health') !== undefined)(
    'on Ctrl-C stops the running leg (an error, partial) and still writes the report: exit 2',
    async () => {
      // A health check of a port nothing listens on keeps retrying: the leg is running when the signal comes.
      await writeFile(
        path.join(root, 'slow.yml'),
        'defaults:\n  directory: release\ndeploy-healthcheck:\n  endpoints:\n    - http://127.0.0.1:9/healthz\n  timeout: 5m\n',
      )
      const child = spawn(
        NODE24,
        [
          BIN,
          'run',
          '--config',
          'slow.yml',
          '--only',
          'deploy,verify',
          '--results-dir',
          'c-results',
          '--out-dir',
          'c-report',
        ],
        { cwd: root, env: { ...process.env, GITHUB_REPOSITORY: '', CI: 'true' } },
      )
      let stderr = ''
      let sent = false
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString()
        // Once: a second Ctrl-C ends the process at once, by design.
        if (!sent && /deploy-healthcheck@\S+\s+running/.test(stderr)) {
          sent = true
          setTimeout(() => child.kill('SIGINT'), 300)
        }
      })
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
      expect(code, stderr).toBe(2)
      const report = (await readJson('c-report/report.json')) as {
        status: string
        suites: Array<{ suite: string; status: string; partial: boolean }>
      }
      expect(report.status).toBe('error')
      expect(report.suites.find((s) => s.suite === 'deploy-healthcheck')).toMatchObject({
        status: 'error',
        partial: true,
      })
    },
    60_000,
  )
})
