// Runs the committed platform-smoke bundle exactly as the runner does: `node24 dist/index.js` with
// INPUT_* variables and the GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, on a real release folder.
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPO } from './helpers/paths.ts'
import { runBundle } from './helpers/run-bundle.ts'
import { HOST, makeSmokeRelease } from './smoke-release.ts'

const BUNDLE = path.join(REPO, 'actions/platform-smoke/dist/index.js')
let root: string
let release: string
let asset: string

function runStep(inputs: Record<string, string>) {
  // The runner sets every declared input, empty when the workflow did not give it.
  const empty = [
    'platform',
    'asset',
    'binary',
    'version',
    'version-command',
    'timeout',
    'config',
    'artifact-name',
    'repository',
    'github-api-url',
    'install',
    'hardening',
  ]
  return runBundle(BUNDLE, root, { ...Object.fromEntries(empty.map((name) => [name, ''])), ...inputs })
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pf-smoke-action-'))
  release = path.join(root, 'release')
  asset = await makeSmokeRelease(release)
})
afterAll(() => rm(root, { recursive: true, force: true }))

describe('platform-smoke bundle on the runner', () => {
  it('passes a good release and sets every output', async () => {
    const run = await runStep({
      directory: release,
      tag: 'v1.2.3',
      commands: '- name: greet\n  run: app greet "$POSTFLIGHT_VERSION"\n  expect-output: hello 1\\.2\\.3\n',
      'results-dir': path.join(root, 'results-pass'),
    })
    expect(run.code, run.log).toBe(0)
    expect(run.outputs).toMatchObject({ status: 'pass', asset, platform: HOST, 'failed-checks': '[]' })
    const result = JSON.parse(await readFile(run.outputs['results-file'] ?? '', 'utf8'))
    expect(result).toMatchObject({ suite: 'platform-smoke', leg: { label: HOST }, status: 'pass' })
    expect(result.metrics['startup-time'].unit).toBe('ms')
    expect(run.summary).toContain('platform-smoke passed')
  })

  it('fails a wrong version with exit 1 and names the check', async () => {
    const run = await runStep({
      directory: release,
      tag: 'v9.9.9',
      retries: '0',
      'results-dir': path.join(root, 'results-fail'),
    })
    expect(run.code).toBe(1)
    expect(run.outputs.status).toBe('fail')
    expect(JSON.parse(run.outputs['failed-checks'] ?? '')).toEqual([`version:${HOST}`])
    expect(run.log).toContain('expected version 9.9.9, but it reports 1.2.3')
  })

  it('takes its commands and tag from postflight.yml (no action.yml default hides them)', async () => {
    const config = path.join(root, 'postflight.yml')
    await writeFile(
      config,
      [
        'platform-smoke:',
        '  tag: v1.2.3',
        '  commands: |',
        '    - name: from-config',
        '      run: app greet config',
        '',
      ].join('\n'),
    )
    const run = await runStep({
      directory: release,
      config,
      'results-dir': path.join(root, 'results-config'),
    })
    expect(run.code, run.log).toBe(0)
    const result = JSON.parse(await readFile(run.outputs['results-file'] ?? '', 'utf8'))
    expect(result.release).toEqual({ tag: 'v1.2.3', version: '1.2.3' })
    expect(result.checks.map((c: { id: string }) => c.id)).toContain(`smoke:${HOST}:from-config`)
  })

  it('rejects bad commands YAML with exit 2, naming the input', async () => {
    const run = await runStep({
      directory: release,
      commands: '- run: app\n  expect-exit: often\n',
      'results-dir': path.join(root, 'results-bad'),
    })
    expect(run.code).toBe(2)
    expect(run.log).toContain(`input 'commands'`)
    expect(run.outputs.status).toBe('error')
  })

  it('runs an install method given as YAML and reads the hardening input', async () => {
    const script = path.join(root, 'install.sh')
    await writeFile(
      script,
      'set -e\nmkdir -p "$POSTFLIGHT_INSTALL_DIR/bin"\ntar -xzf "$POSTFLIGHT_ASSET" -C "$POSTFLIGHT_INSTALL_DIR/bin" --strip-components=1\n',
    )
    await chmod(script, 0o755)
    const run = await runStep({
      directory: release,
      tag: 'v1.2.3',
      install: `- method: script\n  script: ${script}\n`,
      hardening: 'fail',
      'results-dir': path.join(root, 'results-install'),
    })
    expect(run.code, run.log).toBe(0)
    const result = JSON.parse(await readFile(run.outputs['results-file'] ?? '', 'utf8'))
    const byId = Object.fromEntries(
      result.checks.map((c: { id: string; status: string }) => [c.id, c.status]),
    )
    expect(byId).toMatchObject({ [`install:script:${HOST}`]: 'pass', [`hardening:${HOST}`]: 'skip' })
  })

  it('rejects a hardening mode it does not know with exit 2, naming the input', async () => {
    const run = await runStep({
      directory: release,
      hardening: 'strict',
      'results-dir': path.join(root, 'results-h'),
    })
    expect(run.code).toBe(2)
    expect(run.log).toContain(`input 'hardening'`)
  })
})
