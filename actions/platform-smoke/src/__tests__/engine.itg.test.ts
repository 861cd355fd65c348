import { execFileSync } from 'node:child_process'
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { type Check, executeSuite, type RawInputs, type SuiteResult } from '@postflight/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HOST, makeSmokeRelease } from '../../../../test/smoke-release.ts'
import { smokeSpec } from '../index.ts'

let root: string
let n = 0

async function smoke(raw: RawInputs): Promise<{ result: SuiteResult; exitCode: number }> {
  const execution = await executeSuite(smokeSpec, {
    raw: { 'results-dir': path.join(root, 'results'), 'startup-runs': '1', ...raw },
    style: 'cli',
    sink: () => {},
  })
  return { result: execution.result, exitCode: execution.exitCode }
}

function check(result: SuiteResult, id: string): Check {
  const found = result.checks.find((c) => c.id === id)
  if (!found)
    throw new Error(`no check ${id} in ${result.checks.map((c) => `${c.id} ${c.message}`).join('; ')}`)
  return found
}

async function release(opts: Parameters<typeof makeSmokeRelease>[1] = {}): Promise<string> {
  const dir = path.join(root, `release-${++n}`)
  await makeSmokeRelease(dir, opts)
  return dir
}

// A killed process nobody has reaped yet (no init in a container) is a zombie: dead, but still signalable.
async function alive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')
  return !/^\d+ \(.*\) Z/.test(stat)
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pf-smoke-'))
})
afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('platform-smoke on a local release folder', () => {
  describe.each(['tar.gz', 'zip', 'gz', 'bare'] as const)('when the asset is a %s', (packing) => {
    it('picks it, unpacks it, finds the binary and checks the version it reports', async () => {
      const dir = await release({ packing })
      const { result, exitCode } = await smoke({ directory: dir, tag: 'v1.2.3' })
      expect(exitCode, JSON.stringify(result.checks, null, 1)).toBe(0)
      expect(result.leg.label).toBe(HOST)
      expect(check(result, `select:${HOST}`).evidence?.chosen).toMatch(new RegExp(`^app-1\\.2\\.3-${HOST}`))
      expect(check(result, `version:${HOST}`)).toMatchObject({ status: 'pass' })
      expect(result.metrics?.['startup-time']?.unit).toBe('ms')
      expect(result.release).toEqual({ tag: 'v1.2.3', version: '1.2.3' })
    })
  })

  it('runs declared commands with the binary on PATH and release values in the environment', async () => {
    const dir = await release()
    const commands = [
      { name: 'greet', run: 'app greet "$POSTFLIGHT_VERSION"', 'expect-output': '^hello 1\\.2\\.3$' },
      { run: '"$POSTFLIGHT_BIN" nonsense', 'expect-exit': 2 },
      { run: 'test "$POSTFLIGHT_TAG" = v1.2.3 && test "$EXTRA" = yes', env: { EXTRA: 'yes' } },
    ]
    const { result, exitCode } = await smoke({
      directory: dir,
      tag: 'v1.2.3',
      commands: JSON.stringify(commands),
    })
    expect(exitCode, JSON.stringify(result.checks, null, 1)).toBe(0)
    expect(check(result, `smoke:${HOST}:greet`).evidence?.stdout).toBe('hello 1.2.3\n')
    expect(check(result, `smoke:${HOST}:2`).status).toBe('pass')
    expect(check(result, `smoke:${HOST}:3`).status).toBe('pass')
  })

  it("keeps the job's credentials from the binary and its commands, and fails a command on its first failing line", async () => {
    const dir = await release()
    process.env.GITHUB_TOKEN = 'ghs_must_not_reach_the_binary'
    // POSTFLIGHT_TOKEN is the token input given as a variable; the input's value is withheld under any name.
    process.env.POSTFLIGHT_TOKEN = 'ghs_the_token_input_via_env'
    process.env.MY_PAT = 'ghp_the_token_input_under_another_name'
    // The runner's command files: a binary writing to them would set the job's later steps' variables.
    process.env.GITHUB_ENV = path.join(root, 'github-env')
    try {
      const commands = [
        {
          name: 'token',
          run: 'test -z "$GITHUB_TOKEN" && test -z "$ACTIONS_RUNTIME_TOKEN" && test -z "$POSTFLIGHT_TOKEN" && test -z "$MY_PAT" && test -z "$GITHUB_ENV"',
        },
        { name: 'own-env', run: 'test "$MY_PAT" = given', env: { MY_PAT: 'given' } },
        { name: 'lines', run: 'false\necho still here' },
      ]
      const { result } = await smoke({
        directory: dir,
        tag: 'v1.2.3',
        token: 'ghp_the_token_input_under_another_name',
        commands: JSON.stringify(commands),
        retries: '0',
      })
      expect(check(result, `smoke:${HOST}:token`).status).toBe('pass')
      expect(check(result, `smoke:${HOST}:own-env`).status).toBe('pass')
      expect(check(result, `smoke:${HOST}:lines`).status).toBe('fail')
    } finally {
      delete process.env.GITHUB_TOKEN
      delete process.env.POSTFLIGHT_TOKEN
      delete process.env.MY_PAT
      delete process.env.GITHUB_ENV
    }
  })

  it("takes the first version printed as the binary's own, not a later one", async () => {
    const dir = await release({ reports: '1.0.0 (update available: 1.2.3)' })
    const { result } = await smoke({ directory: dir, tag: 'v1.2.3', retries: '0' })
    expect(check(result, `version:${HOST}`).status).toBe('fail')
  })

  it('handles a v-prefix, build metadata and pre-release as semver', async () => {
    const built = await release({ version: '2.0.0-rc.1', reports: 'v2.0.0-rc.1+build.7' })
    expect((await smoke({ directory: built, tag: 'v2.0.0-rc.1' })).exitCode).toBe(0)
    const { result } = await smoke({
      directory: built,
      tag: 'v2.0.0-rc.1',
      version: '2.0.0',
      asset: `*${HOST}*`,
    })
    expect(check(result, `version:${HOST}`).message).toContain(
      'expected version 2.0.0, but it reports 2.0.0-rc.1+build.7',
    )
  })

  it('fails a binary that reports another version, on every attempt', async () => {
    const dir = await release({ reports: '1.2.4' })
    const { result, exitCode } = await smoke({ directory: dir, tag: 'v1.2.3', retries: '1' })
    expect(exitCode).toBe(1)
    expect(check(result, `version:${HOST}`)).toMatchObject({ status: 'fail', attempts: 2 })
    expect(check(result, `version:${HOST}`).message).toContain('expected version 1.2.3, but it reports 1.2.4')
  })

  it('reports a command that fails once then passes as flaky, with its attempts', async () => {
    const dir = await release()
    const state = path.join(root, `state-${n}`)
    const commands = `- name: flaky\n  run: 'if [ -f "$STATE" ]; then app greet; else touch "$STATE"; exit 1; fi'\n  env: { STATE: '${state}' }\n`
    const { result, exitCode } = await smoke({ directory: dir, tag: 'v1.2.3', commands })
    expect(exitCode).toBe(0)
    expect(result.status).toBe('warn')
    expect(check(result, `smoke:${HOST}:flaky`)).toMatchObject({ status: 'warn', flaky: true, attempts: 2 })
  })

  it('kills a hung command and its child within the timeout plus one second', async () => {
    const dir = await release()
    const pidFile = path.join(root, `pid-${n}`)
    const commands = `- name: hang\n  run: 'sleep 60 & echo $! > "$PIDFILE"; wait'\n  timeout: 1s\n  env: { PIDFILE: '${pidFile}' }\n`
    const started = performance.now()
    const { result, exitCode } = await smoke({ directory: dir, commands, retries: '0', 'startup-runs': '0' })
    const hang = check(result, `smoke:${HOST}:hang`)
    // No tag: the version check claims only that the version command runs.
    expect(check(result, `version:${HOST}`)).toMatchObject({
      status: 'pass',
      title: 'The version command runs (no tag or version to compare)',
    })
    expect(exitCode).toBe(1)
    expect(hang.status).toBe('fail')
    expect(hang.message).toContain('did not finish within 1000 ms (killed with its children)')
    expect(hang.durationMs).toBeLessThan(2000)
    expect(performance.now() - started).toBeLessThan(10_000)
    expect(await alive(Number(await readFile(pidFile, 'utf8')))).toBe(false)
  })

  it('redacts secret-looking variables from the output it keeps', async () => {
    const dir = await release()
    const commands = `- name: leak\n  run: 'echo "token=$API_TOKEN"'\n  env: { API_TOKEN: 'hunter2-very-secret' }\n`
    const { result } = await smoke({ directory: dir, commands, 'startup-runs': '0' })
    expect(check(result, `smoke:${HOST}:leak`).evidence?.stdout).toBe('token=***\n')
  })

  it('checks a version printed on stderr with CRLF by a custom version command', async () => {
    const dir = await release()
    const { result } = await smoke({
      directory: dir,
      tag: 'v1.2.3',
      'version-command': `sh -c 'printf "app %s\\r\\n" "$("$1" --version | cut -d" " -f2)" >&2' sh {bin}`,
    })
    expect(check(result, `version:${HOST}`), JSON.stringify(result.checks)).toMatchObject({ status: 'pass' })
  })

  it("picks and unpacks another platform's asset, runs nothing, and never reads as passed", async () => {
    const dir = await release()
    const other = HOST === 'linux-x64' ? 'win32-x64' : 'linux-x64'
    const name = `app-1.2.3-${other}.tar.gz`
    const staging = path.join(root, `other-${n}`)
    await mkdir(staging, { recursive: true })
    await writeFile(path.join(staging, other === 'win32-x64' ? 'app.exe' : 'app'), 'MZ')
    await rm(path.join(dir, `app-1.2.3-${other}.zip`), { force: true })
    execFileSync('tar', ['-czf', path.join(dir, name), '-C', staging, '.'])
    const { result, exitCode } = await smoke({
      directory: dir,
      platform: other,
      tag: 'v1.2.3',
      commands: '- run: exit 1',
    })
    expect(exitCode, JSON.stringify(result.checks)).toBe(2)
    expect(result.status).toBe('error')
    expect(check(result, `runner:${other}`).message).toContain(`run this leg on a ${other} runner`)
    expect(check(result, `smoke:${other}:1`).status).toBe('skip')
    expect(check(result, `binary:${other}`).status).toBe('pass')
    expect(check(result, `version:${other}`)).toMatchObject({ status: 'skip' })
    expect(check(result, `version:${other}`).message).toContain('nothing was run')
  })

  it('fails a tie between two builds for the platform, naming both', async () => {
    const dir = path.join(root, `tie-${++n}`)
    await mkdir(dir, { recursive: true })
    for (const name of [`app-cli-1.2.3-${HOST}.tar.gz`, `app-server-1.2.3-${HOST}.tar.gz`])
      await writeFile(path.join(dir, name), 'x')
    const { result, exitCode } = await smoke({ directory: dir })
    expect(exitCode).toBe(1)
    const select = check(result, `select:${HOST}`)
    expect(select.evidence?.outcome).toBe('ambiguous')
    expect(select.message).toContain(
      `app-cli-1.2.3-${HOST}.tar.gz (as good as app-server-1.2.3-${HOST}.tar.gz`,
    )
  })

  it('fails a command whose output does not match, on every attempt', async () => {
    const dir = await release()
    const commands = '- name: words\n  run: app greet you\n  expect-output: ^goodbye\n'
    const { result } = await smoke({ directory: dir, commands, retries: '1', 'startup-runs': '0' })
    expect(check(result, `smoke:${HOST}:words`)).toMatchObject({ status: 'fail', attempts: 2 })
    expect(check(result, `smoke:${HOST}:words`).message).toContain('does not match /^goodbye/')
  })

  it('names the candidates when the binary is not in the asset', async () => {
    const dir = await release()
    const { result, exitCode } = await smoke({ directory: dir, binary: 'nope' })
    expect(exitCode).toBe(1)
    const missing = check(result, `binary:${HOST}`)
    expect(missing.status).toBe('fail')
    expect(missing.message).toContain('no file named nope')
    expect(missing.evidence?.candidates).toEqual([`app-1.2.3-${HOST}/app`])
  })

  it('rejects a hostile archive and runs nothing from it', async () => {
    const dir = path.join(root, `hostile-${++n}`)
    const work = path.join(root, `hostile-src-${n}`, 'inner')
    await mkdir(dir, { recursive: true })
    await mkdir(work, { recursive: true })
    await writeFile(path.join(work, 'app'), '#!/bin/sh\necho 1.2.3\n', { mode: 0o755 })
    await writeFile(path.join(work, '..', 'evil'), 'owned\n')
    execFileSync('tar', ['-P', '-czf', path.join(dir, `app-1.2.3-${HOST}.tar.gz`), 'app', '../evil'], {
      cwd: work,
    })
    const { result, exitCode } = await smoke({ directory: dir, tag: 'v1.2.3' })
    expect(exitCode).toBe(1)
    expect(check(result, `unpack:${HOST}`)).toMatchObject({ status: 'fail', severity: 'high' })
    expect(check(result, `unpack:${HOST}`).message).toContain('../evil (path-traversal)')
    expect(result.checks.some((c) => c.id.startsWith('version:'))).toBe(false)
  })

  it('reads the real busybox binary: hardening fail fails the run, off drops the check', async () => {
    // The static busybox has a fixed load address (not PIE): a missing hardening flag.
    const dir = path.join(root, `busybox-${++n}`)
    const staging = path.join(root, `busybox-src-${n}`, `app-1.2.3-${HOST}`)
    await mkdir(staging, { recursive: true })
    await mkdir(dir, { recursive: true })
    await copyFile('/bin/busybox', path.join(staging, 'busybox'))
    execFileSync('tar', [
      '-czf',
      path.join(dir, `app-1.2.3-${HOST}.tar.gz`),
      '-C',
      path.dirname(staging),
      '.',
    ])
    const raw = {
      directory: dir,
      tag: 'v1.2.3',
      binary: 'busybox',
      'version-command': '{bin} echo app 1.2.3',
    }
    const strict = await smoke({ ...raw, hardening: 'fail' })
    expect(strict.exitCode).toBe(1)
    expect(check(strict.result, `hardening:${HOST}`)).toMatchObject({ status: 'fail' })
    expect(check(strict.result, `hardening:${HOST}`).message).toContain('not PIE')
    // The checks after the binary are all made, whatever hardening found.
    expect(check(strict.result, `version:${HOST}`).status).toBe('pass')
    const off = await smoke({ ...raw, hardening: 'off' })
    expect(off.exitCode, JSON.stringify(off.result.checks)).toBe(0)
    expect(off.result.checks.map((c) => c.id)).not.toContain(`hardening:${HOST}`)
  })

  it('warns, not passes silently, when the SHA256SUMS beside the asset does not list it', async () => {
    const dir = await release()
    await writeFile(path.join(dir, 'SHA256SUMS'), 'not a checksum line\n')
    const { result, exitCode } = await smoke({ directory: dir, tag: 'v1.2.3', 'startup-runs': '0' })
    expect(exitCode).toBe(0)
    expect(result.status).toBe('warn')
    const checksum = check(result, `checksum:${HOST}`)
    expect(checksum.status).toBe('warn')
    expect(checksum.message).toContain(`none of SHA256SUMS lists app-1.2.3-${HOST}.tar.gz`)
    expect(checksum.evidence?.problems).toContain('SHA256SUMS holds no checksum entries')
  })

  it('refuses tag latest for a folder, where nothing resolves it, naming the input', async () => {
    const dir = await release()
    const { result, exitCode } = await smoke({ directory: dir, tag: 'latest' })
    expect(exitCode).toBe(2)
    expect(check(result, 'inputs').message).toContain("input 'tag': latest names a GitHub release")
    expect(result.checks.some((c) => c.id.startsWith('version:'))).toBe(false)
  })

  it('rejects an archive whose binary is a link out of the folder, and runs nothing', async () => {
    const dir = path.join(root, `link-${++n}`)
    const work = path.join(root, `link-src-${n}`, `app-1.2.3-${HOST}`)
    await mkdir(dir, { recursive: true })
    await mkdir(work, { recursive: true })
    await symlink('/bin/sh', path.join(work, 'app'))
    execFileSync('tar', ['-czf', path.join(dir, `app-1.2.3-${HOST}.tar.gz`), '-C', path.dirname(work), '.'])
    const { result, exitCode } = await smoke({ directory: dir, tag: 'v1.2.3' })
    expect(exitCode).toBe(1)
    expect(check(result, `unpack:${HOST}`)).toMatchObject({ status: 'fail', severity: 'high' })
    expect(check(result, `unpack:${HOST}`).message).toContain('(link-escape → /bin/sh)')
    expect(result.checks.some((c) => c.id.startsWith('version:'))).toBe(false)
  })

  it('fails for a platform with no asset, listing the candidates and why', async () => {
    const dir = await release()
    const { result, exitCode } = await smoke({ directory: dir, platform: 'linux-arm' })
    expect(exitCode).toBe(1)
    expect(result.leg.label).toBe('linux-arm')
    const select = check(result, 'select:linux-arm')
    expect(select.status).toBe('fail')
    expect(select.message).toContain('no asset fits linux-arm')
    expect(select.message).toContain('app-1.2.3-linux-ppc64le.tar.gz')
  })
})
