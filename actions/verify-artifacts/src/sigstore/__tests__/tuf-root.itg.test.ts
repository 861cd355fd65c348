// offline: false against a loopback TUF repository whose metadata is really signed and checked by
// @sigstore/tuf (tuf-js): the trusted root it serves is the one bundles are verified against.
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { type Check, executeSuite, type RawInputs } from '@postflight/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURES } from '../../../../../test/helpers/paths.ts'
import { verifySpec } from '../../index.ts'
import { refreshTrustedRoot } from '../tuf-root.ts'
import { startTufRepo, type TufRepo } from './tuf-repo.ts'

const SIGSTORE = path.join(FIXTURES, 'sigstore')
const ROOTS = path.join(SIGSTORE, 'trusted-roots')
const ASSET = 'bundle_v3_github.whl'
const WORKFLOW = 'https://github.com/trailofbits/rfc8785.py/.github/workflows/release.yml@refs/tags/v0.1.2'

let root: string
let release: string
let production: Buffer
let staging: Buffer
const repos: TufRepo[] = []
const savedTemp = process.env.RUNNER_TEMP

async function repo(served: Buffer, options: Parameters<typeof startTufRepo>[2] = {}): Promise<TufRepo> {
  const dir = await mkdtemp(path.join(root, 'tuf-'))
  const r = await startTufRepo(dir, { 'trusted_root.json': served }, options)
  repos.push(r)
  return r
}

async function verify(raw: RawInputs) {
  const execution = await executeSuite(verifySpec, {
    raw: { 'results-dir': path.join(root, 'results'), directory: release, 'check-archives': 'false', ...raw },
    style: 'cli',
    sink: () => {},
  })
  const checks = new Map<string, Check>(execution.result.checks.map((c) => [c.id, c]))
  return { exitCode: execution.exitCode, checks, result: execution.result }
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pf-tuf-'))
  // The TUF cache goes where the runner's temporary files go.
  process.env.RUNNER_TEMP = root
  release = path.join(root, 'release')
  await mkdir(release)
  for (const name of [ASSET, `${ASSET}.sigstore`])
    await copyFile(path.join(SIGSTORE, 'sigstore-python', name), path.join(release, name))
  production = await readFile(path.join(ROOTS, 'public-good-production.trusted_root.json'))
  staging = await readFile(path.join(ROOTS, 'public-good-staging.trusted_root.json'))
})
afterAll(async () => {
  process.env.RUNNER_TEMP = savedTemp
  await Promise.all(repos.map((r) => r.close()))
  await rm(root, { recursive: true, force: true })
})

const policy = {
  'certificate-identity': WORKFLOW,
  'certificate-oidc-issuer': 'https://token.actions.githubusercontent.com',
  'require-signature': 'false',
}

describe('offline: false', () => {
  it('fetches the trusted root through TUF, checking the signed metadata', async () => {
    const r = await repo(production)
    const trusted = await refreshTrustedRoot({ mirror: r.url, rootPath: r.rootFile })
    expect(trusted.source).toBe(`trusted_root.json from TUF at ${r.url}`)
    expect(trusted.material.certificateAuthorities.length).toBeGreaterThan(0)
    expect(r.hits).toEqual(
      expect.arrayContaining([
        'GET /timestamp.json',
        'GET /snapshot.json',
        'GET /targets.json',
        'GET /targets/trusted_root.json',
      ]),
    )
  })

  it('verifies bundles against the root TUF serves, not the embedded one', async () => {
    const good = await repo(production)
    const passed = await verify({
      ...policy,
      offline: 'false',
      'tuf-mirror': good.url,
      'tuf-root': good.rootFile,
    })
    expect(passed.checks.get(`sigstore:${ASSET}`)?.status).toBe('pass')
    // The embedded root is production too: a mirror serving staging's root makes the same bundle
    // fail, which only the fetched root can do.
    const other = await repo(staging)
    const failed = await verify({
      ...policy,
      offline: 'false',
      'tuf-mirror': other.url,
      'tuf-root': other.rootFile,
    })
    expect(failed.checks.get(`sigstore:${ASSET}`)?.status).toBe('fail')
    expect(other.hits).toContain('GET /targets/trusted_root.json')
  })

  it.each([
    ['a target changed after signing', { served: { 'trusted_root.json': staging } }],
    ['expired metadata', { expired: true }],
  ])('is an error (exit 2), never a silent fall back, with %s', async (_, options) => {
    const bad = await repo(production, options)
    const { exitCode, result } = await verify({
      ...policy,
      offline: 'false',
      'tuf-mirror': bad.url,
      'tuf-root': bad.rootFile,
    })
    expect(exitCode).toBe(2)
    expect(JSON.stringify(result)).toContain('could not be refreshed through TUF')
  })

  it('needs tuf-root for a mirror other than public-good (exit 2, naming it)', async () => {
    const r = await repo(production)
    const { exitCode, result } = await verify({ ...policy, offline: 'false', 'tuf-mirror': r.url })
    expect(exitCode).toBe(2)
    expect(JSON.stringify(result)).toContain('tuf-root')
    expect(r.hits).toEqual([])
  })

  it('uses a given trusted-root as it is, without asking the mirror', async () => {
    const r = await repo(staging)
    const { checks } = await verify({
      ...policy,
      offline: 'false',
      'tuf-mirror': r.url,
      'tuf-root': r.rootFile,
      'trusted-root': path.join(ROOTS, 'public-good-production.trusted_root.json'),
    })
    expect(checks.get(`sigstore:${ASSET}`)?.status).toBe('pass')
    expect(r.hits).toEqual([])
  })
})
