// The committed container-scan bundle run as the runner runs it, and `postflight scan` as users run
// it: same engine, same inputs (as INPUT_* variables, or as flags).
import { spawnSync } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { scanSpec } from '@postflight/container-scan'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { releaseImages, type WrittenLayout, writeImageLayout } from './helpers/oci-images.ts'
import { FIXTURES, NODE24, REPO } from './helpers/paths.ts'
import { runBundle } from './helpers/run-bundle.ts'

const BUNDLE = path.join(REPO, 'actions/container-scan/dist/index.js')
const BIN = path.join(REPO, 'packages/cli/src/bin.ts')
let root: string
let layout: WrittenLayout

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pf-scan-action-'))
  layout = await writeImageLayout(path.join(root, 'layout'), '1.2.3', releaseImages('1.2.3'))
})
afterAll(() => rm(root, { recursive: true, force: true }))

describe('the container-scan bundle', () => {
  it('scans an OCI layout: outputs, summary, SARIF and SBOM, and fails on the blocking finding', async () => {
    // The runner sets every declared input, empty when not given.
    const empty = Object.fromEntries(Object.keys(scanSpec.schema.shape).map((name) => [name, '']))
    const run = await runBundle(BUNDLE, root, {
      ...empty,
      archive: layout.dir,
      platforms: 'linux/amd64\nlinux/arm64',
      tag: 'v1.2.3',
      'osv-db': path.join(FIXTURES, 'osv'),
      'severity-threshold': 'high',
      'sarif-file': 'scan.sarif',
      'sbom-file': 'scan.cdx.json',
    })
    expect(run.code, run.log).toBe(1)
    expect(run.outputs).toMatchObject({
      status: 'fail',
      digest: layout.digest,
      packages: '13',
      findings: '1',
      high: '1',
      critical: '0',
      blocking: '1',
      'sarif-file': path.join(run.step, 'scan.sarif'),
      'sbom-file': path.join(run.step, 'scan.cdx.json'),
    })
    expect(JSON.parse(run.outputs['failed-checks'] ?? '[]')).toEqual(['vulnerabilities:linux/arm64'])
    expect(run.summary).toContain('vulnerabilities:linux/arm64')
    expect(JSON.parse(await readFile(path.join(run.step, 'scan.sarif'), 'utf8')).version).toBe('2.1.0')
    expect(JSON.parse(await readFile(path.join(run.step, 'scan.cdx.json'), 'utf8')).bomFormat).toBe(
      'CycloneDX',
    )
    const results = JSON.parse(await readFile(run.outputs['results-file'] as string, 'utf8'))
    expect(results.suite).toBe('container-scan')
  }, 60_000)
})

describe('postflight scan', () => {
  const cli = (args: string[]) => {
    const r = spawnSync(NODE24, [BIN, ...args], { cwd: root, encoding: 'utf8' })
    return { code: r.status, stdout: r.stdout, stderr: r.stderr }
  }

  it('takes every input as a flag of the same name', () => {
    const r = cli(['scan', '--help'])
    expect(r.code, r.stderr).toBe(0)
    for (const input of Object.keys(scanSpec.schema.shape)) expect(r.stdout).toContain(`--${input} `)
  })

  it('scans an archive and exits 0 on a clean platform, writing the results file', async () => {
    const r = cli([
      'scan',
      '--archive',
      layout.dir,
      '--platforms',
      'linux/arm/v7',
      '--osv-db',
      path.join(FIXTURES, 'osv'),
    ])
    expect(r.code, r.stdout + r.stderr).toBe(0)
    const results = JSON.parse(
      await readFile(path.join(root, 'postflight-results', 'container-scan--layout.json'), 'utf8'),
    )
    expect(results.status).toBe('pass')
    expect(results.checks.map((c: { id: string }) => c.id)).toContain('vulnerabilities:linux/arm/v7')
  })

  it('exits 2 naming the flag when nothing is given to scan', () => {
    const r = cli(['scan'])
    expect(r.code).toBe(2)
    expect(r.stdout + r.stderr).toMatch(/nothing to scan/)
  })
})
