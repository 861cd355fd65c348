import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { type Check, executeSuite, type RawInputs, type SuiteResult } from '@postflight/core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { type GithubFake, startGithubFake } from '../../../../../test/github-fake/server.ts'
import { verifySpec } from '../../index.ts'
import { SIGSTORE } from '../../sigstore/__tests__/fixtures.ts'

const TOKEN = 'ghs_fakeTokenForTheLoopbackApi0002'
const DATA = Buffer.from('the app, version 1.2.3\n')
const ASSET = 'app-1.2.3.tar'
const DIGEST = `sha256:${createHash('sha256').update(DATA).digest('hex')}`

let root: string
let fake: GithubFake | undefined
let bundle: object

async function verify(raw: RawInputs): Promise<{ result: SuiteResult; exitCode: number }> {
  const execution = await executeSuite(verifySpec, {
    raw: {
      'results-dir': path.join(root, 'results'),
      'github-api-url': fake?.apiUrl,
      repository: 'acme/app',
      tag: 'v1.2.3',
      token: TOKEN,
      'check-archives': 'false',
      ...raw,
    },
    style: 'cli',
    sink: () => {},
  })
  return { result: execution.result, exitCode: execution.exitCode }
}

function check(result: SuiteResult, id: string): Check | undefined {
  return result.checks.find((c) => c.id === id)
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pf-attest-'))
  bundle = JSON.parse(await readFile(path.join(SIGSTORE, 'sigstore-js/bundleV03-intoto.sigstore'), 'utf8'))
})
afterAll(() => rm(root, { recursive: true, force: true }))
beforeEach(async () => {
  vi.stubEnv('GITHUB_TOKEN', '')
  vi.stubEnv('GH_TOKEN', '')
  vi.stubEnv('GITHUB_EVENT_NAME', '')
  fake = await startGithubFake({
    token: TOKEN,
    releases: [{ tag: 'v1.2.3', assets: [{ name: ASSET, data: DATA }] }],
  })
})
afterEach(async () => {
  vi.unstubAllEnvs()
  fake?.assertConforms()
  await fake?.close()
  fake = undefined
})

describe('verify-artifacts with GitHub artifact attestations', () => {
  it('asks nothing when attestations are off (the default)', async () => {
    const { result } = await verify({})
    expect(check(result, `attestation:${ASSET}`)).toBeUndefined()
    expect(fake?.requests.some((r) => r.path.includes('/attestations/'))).toBe(false)
  })

  it('skips an asset without attestations under verify, fails it under require', async () => {
    const skipped = await verify({ attestations: 'verify' })
    expect(check(skipped.result, `attestation:${ASSET}`)).toMatchObject({ status: 'skip' })
    const required = await verify({ attestations: 'require' })
    expect(check(required.result, `attestation:${ASSET}`)).toMatchObject({
      status: 'fail',
      message: `GitHub holds no attestation for ${DIGEST}`,
    })
    expect(required.exitCode).toBe(1)
    const asked = fake?.requests.filter((r) => r.path.startsWith(`/repos/acme/app/attestations/`)) ?? []
    expect(asked.map((r) => decodeURIComponent(r.path.split('?')[0] as string))).toEqual([
      `/repos/acme/app/attestations/${DIGEST}`,
      `/repos/acme/app/attestations/${DIGEST}`,
    ])
    expect(asked.every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true)
  })

  it('fails an attestation GitHub serves that is about other bytes (a real bundle, served for this digest)', async () => {
    fake?.attestations.add(DIGEST, bundle)
    const { result, exitCode } = await verify({ attestations: 'verify' })
    const found = check(result, `attestation:${ASSET}`)
    expect(found).toMatchObject({ status: 'fail', evidence: { subjectDigest: DIGEST } })
    expect(found?.message).toMatch(/about pkg:npm\/sigstore@1\.0\.0 .*not this artifact/)
    expect(exitCode).toBe(1)
  })

  it('rejects attestations for a folder, and source checks without attestations, as usage errors', async () => {
    const folder = await verify({ directory: root, attestations: 'require' })
    expect(folder.exitCode).toBe(2)
    expect(JSON.stringify(folder.result.checks)).toMatch(/'attestations' checks a GitHub release/)
    const noMode = await verify({ 'attestation-source-ref': 'v1.2.3' })
    expect(noMode.exitCode).toBe(2)
    expect(JSON.stringify(noMode.result.checks)).toMatch(/needs 'attestations: verify' or 'require'/)
  })
})
