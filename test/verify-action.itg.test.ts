// Runs the committed bundle exactly as the runner does: `node24 dist/index.js` with INPUT_*
// variables and the GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, then reads what it left behind.
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPO } from './helpers/paths.ts'
import { type GpgKey, makeGpgKey, makeRealRelease, type RealRelease } from './helpers/real-release.ts'
import { runBundle } from './helpers/run-bundle.ts'

const BUNDLE = path.join(REPO, 'actions/verify-artifacts/dist/index.js')

function runStep(root: string, inputs: Record<string, string>) {
  return runBundle(BUNDLE, root, inputs, { env: { GITHUB_REPOSITORY: 'acme/app' } })
}

let root: string
let release: RealRelease
let key: GpgKey

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pf-action-'))
  release = await makeRealRelease(root)
  key = await makeGpgKey()
  await key.sign(path.join(release.dir, 'SHA256SUMS'))
})
afterAll(async () => {
  await key?.dispose()
  await rm(root, { recursive: true, force: true })
})

describe('verify-artifacts bundle on the runner', () => {
  it('passes a signed release and sets every output', async () => {
    const run = await runStep(root, {
      directory: release.dir,
      tag: release.tag,
      'public-key': key.publicKeyFile,
      'expected-assets': 'app-{version}-linux-x64.tar.gz\napp-{version}-win32-x64.zip',
      'check-archives': 'true',
      'results-dir': path.join(root, 'results-pass'),
      'fail-on': 'fail',
    })
    expect(run.code, run.log).toBe(0)
    expect(run.outputs.status).toBe('pass')
    expect(JSON.parse(run.outputs['failed-checks'] ?? '')).toEqual([])
    const result = JSON.parse(await readFile(run.outputs['results-file'] ?? '', 'utf8'))
    expect(result).toMatchObject({
      suite: 'verify-artifacts',
      status: 'pass',
      release: { repo: 'acme/app', tag: 'v1.2.3', version: '1.2.3' },
    })
    expect(
      result.checks.find((c: { id: string }) => c.id === 'signature:SHA256SUMS').evidence.fingerprint,
    ).toBe(key.fingerprint)
    expect(run.summary).toContain('verify-artifacts passed')
  })

  it('fails a tampered asset with exit 1, names it in the outputs and annotates the manifest line', async () => {
    const asset = path.join(release.dir, release.assets[2] as string)
    const original = await readFile(asset)
    await appendFile(asset, 'x')
    try {
      const run = await runStep(root, {
        directory: release.dir,
        tag: release.tag,
        'public-key': key.publicKeyFile,
        'results-dir': path.join(root, 'results-fail'),
      })
      expect(run.code).toBe(1)
      expect(run.outputs.status).toBe('fail')
      expect(JSON.parse(run.outputs['failed-checks'] ?? '')).toContain(`checksum:${release.assets[2]}`)
      expect(run.log).toMatch(
        /::error title=Failed%3A .*,file=.*\/release\/SHA256SUMS,line=3::sha256 mismatch/,
      )
      expect(run.summary).toContain('verify-artifacts FAILED')
    } finally {
      await writeFile(asset, original)
    }
  })

  it('lets postflight.yml set what the workflow did not (no action.yml default hides it)', async () => {
    const config = path.join(root, 'postflight.yml')
    await writeFile(
      config,
      `verify-artifacts:\n  tag: v9.9.9\n  fail-on: never\n  results-dir: ${path.join(root, 'from-config')}\n`,
    )
    const run = await runStep(root, { directory: release.dir, config })
    expect(run.code, run.log).toBe(0)
    expect(run.outputs.status).toBe('fail')
    expect(run.outputs['results-file']).toContain(path.join(root, 'from-config'))
    expect(run.log).toContain('::warning::verify-artifacts: the release failed checks')
  })

  it('rejects a bad input with exit 2, naming it, and still writes the results file', async () => {
    const resultsDir = path.join(root, 'results-bad')
    const run = await runStep(root, {
      directory: release.dir,
      'check-archives': 'maybe',
      'results-dir': resultsDir,
    })
    expect(run.code).toBe(2)
    expect(run.log).toContain(`input 'check-archives': expected true or false, got "maybe"`)
    expect(run.outputs.status).toBe('error')
    const result = JSON.parse(await readFile(run.outputs['results-file'] ?? '', 'utf8'))
    expect(result).toMatchObject({ status: 'error', partial: true })
  })
})
