import { execFileSync } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { type Check, executeSuite, type SuiteResult } from '@postflight/core'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { ResultsServiceFake } from '../../../../test/github-fake/results-service.ts'
import { makeRealRelease, type RealRelease } from '../../../../test/helpers/real-release.ts'
import { verifySpec } from '../index.ts'

let root: string
let real: RealRelease
let zip: Buffer
let service: ResultsServiceFake | undefined

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pf-artifact-'))
  real = await makeRealRelease(path.join(root, 'real'))
  // What actions/upload-artifact uploads: the files at the zip's top level.
  execFileSync('zip', ['-q', '-j', '-r', path.join(root, 'artifact.zip'), real.dir])
  zip = await readFile(path.join(root, 'artifact.zip'))
})
afterAll(() => rm(root, { recursive: true, force: true }))
afterEach(async () => {
  vi.unstubAllEnvs()
  await service?.close()
})

async function verify(artifacts: ConstructorParameters<typeof ResultsServiceFake>[0]): Promise<SuiteResult> {
  service = await new ResultsServiceFake(artifacts).start()
  for (const [name, value] of Object.entries(service.env)) vi.stubEnv(name, value)
  vi.stubEnv('GITHUB_WORKSPACE', root)
  const execution = await executeSuite(verifySpec, {
    raw: { 'artifact-name': 'release', tag: real.tag, 'results-dir': path.join(root, 'results') },
    style: 'cli',
    sink: () => {},
  })
  return execution.result
}

const check = (result: SuiteResult, id: string): Check | undefined => result.checks.find((c) => c.id === id)

describe('verify-artifacts on a workflow artifact of the current run', () => {
  it('downloads it through the results service and verifies the files in it', async () => {
    const result = await verify([{ name: 'release', zip }])
    expect(result.checks.filter((c) => c.status === 'fail' || c.status === 'error')).toEqual([])
    expect(check(result, 'artifact:release')?.status).toBe('pass')
    for (const a of real.assets) expect(check(result, `checksum:${a}`)?.status).toBe('pass')
  })

  it('fails when the zip differs from the digest recorded at upload', async () => {
    const result = await verify([{ name: 'release', zip, digest: `sha256:${'0'.repeat(64)}` }])
    expect(check(result, 'artifact:release')?.status).toBe('fail')
    expect(result.status).toBe('fail')
  })

  it('is an error naming the input when the artifact does not exist', async () => {
    const result = await verify([{ name: 'other', zip }])
    expect(check(result, 'engine')?.message).toMatch(/no workflow artifact named 'release'/)
  })
})
