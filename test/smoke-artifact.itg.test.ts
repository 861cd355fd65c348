// platform-smoke on a workflow artifact of the current run (assets tested before they are published),
// downloaded by @actions/artifact from the loopback results service, as on a runner.
import { execFileSync } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { type Check, executeSuite, type SuiteResult } from '@postflight/core'
import { smokeSpec } from '@postflight/platform-smoke'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { ResultsServiceFake } from './github-fake/results-service.ts'
import { HOST, makeSmokeRelease } from './smoke-release.ts'

let root: string
let zip: Buffer
let service: ResultsServiceFake | undefined

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pf-smoke-artifact-'))
  const dir = path.join(root, 'dist')
  await makeSmokeRelease(dir)
  // What actions/upload-artifact uploads: the files at the zip's top level.
  execFileSync('zip', ['-q', '-j', '-r', path.join(root, 'artifact.zip'), dir])
  zip = await readFile(path.join(root, 'artifact.zip'))
})
afterAll(() => rm(root, { recursive: true, force: true }))
afterEach(async () => {
  vi.unstubAllEnvs()
  await service?.close()
})

async function smoke(artifacts: ConstructorParameters<typeof ResultsServiceFake>[0]): Promise<SuiteResult> {
  service = await new ResultsServiceFake(artifacts).start()
  for (const [name, value] of Object.entries(service.env)) vi.stubEnv(name, value)
  vi.stubEnv('GITHUB_WORKSPACE', root)
  const execution = await executeSuite(smokeSpec, {
    raw: {
      'artifact-name': 'dist',
      tag: 'v1.2.3',
      'startup-runs': '1',
      'results-dir': path.join(root, 'results'),
    },
    style: 'cli',
    sink: () => {},
  })
  return execution.result
}

const check = (result: SuiteResult, id: string): Check | undefined => result.checks.find((c) => c.id === id)

describe('platform-smoke on a workflow artifact', () => {
  it('downloads it, checks its upload digest and the asset checksum, and runs the binary', async () => {
    const result = await smoke([{ name: 'dist', zip }])
    expect(check(result, 'artifact:dist')?.status).toBe('pass')
    expect(check(result, `checksum:${HOST}`)?.status).toBe('pass')
    expect(check(result, `version:${HOST}`)?.status).toBe('pass')
    expect(result.status).toBe('pass')
  })

  it('runs nothing from a zip that differs from the digest recorded at upload', async () => {
    const result = await smoke([{ name: 'dist', zip, digest: `sha256:${'0'.repeat(64)}` }])
    expect(result.checks.map((c) => [c.id, c.status])).toEqual([['artifact:dist', 'fail']])
    expect(result.status).toBe('fail')
  })

  it('is an error naming the input when the run has no such artifact', async () => {
    const result = await smoke([{ name: 'other', zip }])
    expect(check(result, 'engine')?.message).toMatch(
      /input 'artifact-name': no workflow artifact named 'dist'/,
    )
    expect(result.status).toBe('error')
  })
})
