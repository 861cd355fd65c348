// The postflight CLI as users run it: `node packages/cli/src/bin.ts` (what `pnpm postflight` runs),
// and once through pnpm itself from another folder, so relative paths and exit codes survive it.
import { spawnSync } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SUITE_COMMANDS } from '../packages/cli/src/commands.ts'
import { RunInputs } from '../packages/cli/src/run/inputs.ts'
import { NODE24, REPO } from './helpers/paths.ts'
import { makeRealRelease, type RealRelease } from './helpers/real-release.ts'

const BIN = path.join(REPO, 'packages/cli/src/bin.ts')
let root: string
let release: RealRelease

function cli(args: string[], cwd = root) {
  const r = spawnSync(NODE24, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GITHUB_REPOSITORY: '' },
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pf-cli-'))
  release = await makeRealRelease(root)
})
afterAll(() => rm(root, { recursive: true, force: true }))

describe('postflight verify', () => {
  it('exits 0 on a good release and prints the verdict and the results file', () => {
    const r = cli(['verify', '--directory', 'release', '--tag', release.tag])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain('verify-artifacts: passed')
    expect(r.stdout).toMatch(/results: .*postflight-results\/verify-artifacts--/)
  })

  it('prints the result as JSON with --json', () => {
    const r = cli([
      'verify',
      '--directory',
      'release',
      '--version',
      '1.2.3',
      '--json',
      '--results-dir',
      'json-results',
    ])
    const result = JSON.parse(r.stdout)
    expect(result).toMatchObject({ suite: 'verify-artifacts', status: 'pass', release: { version: '1.2.3' } })
  })

  it('exits 1 when a check fails', () => {
    const r = cli(['verify', '--directory', 'release', '--tag', 'v9.9.9', '--results-dir', 'r1'])
    expect(r.code).toBe(1)
    expect(r.stdout).toContain(`FAIL  version:${release.assets[0]}  carries 1.2.3 but the release is 9.9.9`)
  })

  it('exits 2 on a bad flag, suggesting the right one, and still writes the results file', async () => {
    const r = cli(['verify', '--directory', 'release', '--check-archive', 'false', '--results-dir', 'r2'])
    expect(r.code).toBe(2)
    expect(r.stdout).toContain('unknown flag --check-archive (did you mean --check-archives?)')
    const file = r.stdout.match(/results: (.*)/)?.[1] ?? ''
    expect(path.dirname(file)).toBe(path.join(root, 'r2'))
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ status: 'error', partial: true })
  })

  it('exits 2 on an unknown command, suggesting the nearest', () => {
    const r = cli(['verfy'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("unknown command 'verfy' (did you mean 'verify'?)")
  })

  it('lists every flag with its default in --help', () => {
    const r = cli(['verify', '--help'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/--check-archives\s+.*\(default: true\)/)
    // directory is no longer required: repository/tag fetch a GitHub release instead.
    expect(r.stdout).toMatch(/--directory\s+.*instead of a GitHub release/)
    expect(r.stdout).toMatch(/--concurrency\s+.*\(default: 4\)/)
  })
})

describe('postflight --help', () => {
  it('lists every command, run included, and where each lists its flags', () => {
    const r = cli(['--help'])
    expect(r.code).toBe(0)
    for (const c of [...SUITE_COMMANDS.map((c) => c.name), 'run', 'select-asset'])
      expect(r.stdout).toMatch(new RegExp(`^  ${c}\\s+\\S`, 'm'))
    expect(r.stdout).toContain('postflight <command> --help')
    expect(r.stdout).toMatch(/--log-format <fmt>\s+.*\(default: human\)/)
  })

  it.each([...SUITE_COMMANDS.map((c) => [c.name, c.spec.schema] as const), ['run', RunInputs] as const])(
    'postflight %s --help gives every flag with its default or says it is required',
    (name, schema) => {
      const r = cli([name, '--help'])
      expect(r.code).toBe(0)
      for (const flag of Object.keys(schema.shape)) {
        const line = r.stdout.split('\n').find((l) => l.startsWith(`  --${flag} `))
        expect(line, `--${flag}`).toMatch(/default|\(required\)/i)
      }
    },
  )
})

describe('pnpm postflight', () => {
  it('runs from another folder with paths relative to that folder', () => {
    const r = spawnSync(
      'npx',
      [
        '-y',
        'pnpm@10',
        '-C',
        REPO,
        'postflight',
        'verify',
        '--directory',
        'release',
        '--results-dir',
        'via-pnpm',
      ],
      {
        cwd: root,
        encoding: 'utf8',
      },
    )
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout).toContain(path.join(root, 'via-pnpm'))
  })
})
