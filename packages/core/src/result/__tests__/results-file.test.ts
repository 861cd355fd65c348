import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SecretRegistry } from '../../log/secrets.ts'
import type { SuiteResult } from '../model.ts'
import { readResultsFile, resultsFileName, writeResultsFile } from '../results-file.ts'
import { SuiteBuilder } from '../suite-builder.ts'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pf-results-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

function sample(message = 'ok'): SuiteResult {
  const suite = new SuiteBuilder('verify-artifacts', {
    os: 'linux',
    arch: 'x64',
    runner: 'r',
    label: 'linux/x64 (gnu)',
  })
  suite.add({ id: 'a', title: 'A', status: 'pass', message })
  return suite.finish()
}

describe('#resultsFileName', () => {
  it('is one file per suite and leg, safe on every file system', () => {
    expect(resultsFileName(sample())).toBe('verify-artifacts--linux_x64_gnu_.json')
  })
})

describe('#writeResultsFile', () => {
  it('writes a file that reads back equal', async () => {
    const result = sample()
    const { file } = await writeResultsFile(path.join(dir, 'nested', 'out'), result)
    expect(await readResultsFile(file)).toEqual(result)
  })

  it('recomputes a status the checks do not support', async () => {
    const { file } = await writeResultsFile(dir, { ...sample(), status: 'fail' })
    expect((await readResultsFile(file)).status).toBe('pass')
  })

  it('redacts registered secrets from everything it writes', async () => {
    const secrets = new SecretRegistry()
    secrets.add('ghp_supersecrettoken123')
    const { file } = await writeResultsFile(dir, sample('token ghp_supersecrettoken123 leaked'), secrets)
    const text = await readFile(file, 'utf8')
    expect(text).not.toContain('ghp_supersecrettoken123')
    expect(text).toContain('token *** leaked')
  })
})

describe('#readResultsFile', () => {
  it('names the file and the invalid field', async () => {
    const file = path.join(dir, 'bad.json')
    await writeFile(file, JSON.stringify({ ...sample(), checks: [{ id: 'x' }] }))
    await expect(readResultsFile(file)).rejects.toThrow(/bad\.json: invalid results file at checks\.0\.title/)
  })

  it('names a file that is not JSON', async () => {
    const file = path.join(dir, 'trunc.json')
    await writeFile(file, '{"schemaVersion": "1.0')
    await expect(readResultsFile(file)).rejects.toThrow(/trunc\.json: not a readable JSON results file/)
  })
})
