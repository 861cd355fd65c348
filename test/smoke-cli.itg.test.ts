// `postflight smoke` as users run it: the same engine and inputs as the action, as flags.
import { spawnSync } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { smokeSpec } from '@postflight/platform-smoke'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NODE24, REPO } from './helpers/paths.ts'
import { HOST, makeSmokeRelease } from './smoke-release.ts'

const BIN = path.join(REPO, 'packages/cli/src/bin.ts')
let root: string

function cli(args: string[]) {
  const r = spawnSync(NODE24, [BIN, ...args], { cwd: root, encoding: 'utf8' })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pf-smoke-cli-'))
  await makeSmokeRelease(path.join(root, 'release'))
})
afterAll(() => rm(root, { recursive: true, force: true }))

describe('postflight smoke', () => {
  it('lists every input as a flag in --help, under both names', () => {
    for (const name of ['smoke', 'platform-smoke']) {
      const r = cli([name, '--help'])
      expect(r.code, r.stderr).toBe(0)
      for (const input of Object.keys(smokeSpec.schema.shape)) expect(r.stdout).toContain(`--${input} `)
      expect(r.stdout).toContain('(default: 2)')
    }
  })

  it('passes a good release and writes the results file named after the platform', async () => {
    const r = cli(['smoke', '--directory', 'release', '--tag', 'v1.2.3', '--commands', 'app greet cli'])
    expect(r.code, r.stdout + r.stderr).toBe(0)
    const result = JSON.parse(
      await readFile(path.join(root, 'postflight-results', `platform-smoke--${HOST}.json`), 'utf8'),
    )
    expect(result.checks.map((c: { id: string }) => c.id)).toEqual([
      `select:${HOST}`,
      `checksum:${HOST}`,
      `unpack:${HOST}`,
      `binary:${HOST}`,
      `hardening:${HOST}`,
      `version:${HOST}`,
      `smoke:${HOST}:1`,
    ])
  })

  it('exits 2 naming a bad flag value', () => {
    const r = cli(['smoke', '--directory', 'release', '--timeout', 'soon'])
    expect(r.code).toBe(2)
    expect(r.stdout + r.stderr).toContain('--timeout')
  })
})
