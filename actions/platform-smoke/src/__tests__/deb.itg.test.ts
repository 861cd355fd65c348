// .deb assets unpacked without dpkg: real packages built by dpkg-deb (every data.tar compression it
// writes), a damaged one, and a hand-made one whose data.tar tries to climb out of the folder.
import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { type Check, executeSuite, type RawInputs, type SuiteResult } from '@postflight/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEB_ARCH, HOST, makeDeb, writeSums } from '../../../../test/smoke-release.ts'
import { listArMembers } from '../deb/ar-members.ts'
import { smokeSpec } from '../index.ts'

let root: string
let n = 0

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pf-deb-'))
})
afterAll(() => rm(root, { recursive: true, force: true }))

async function smoke(raw: RawInputs): Promise<SuiteResult> {
  const execution = await executeSuite(smokeSpec, {
    raw: { 'results-dir': path.join(root, 'results'), 'startup-runs': '1', retries: '0', ...raw },
    style: 'cli',
    sink: () => {},
  })
  return execution.result
}

function check(result: SuiteResult, id: string): Check {
  const found = result.checks.find((c) => c.id === id)
  if (!found)
    throw new Error(`no check ${id} in ${result.checks.map((c) => `${c.id} ${c.message}`).join('; ')}`)
  return found
}

const folder = (): string => path.join(root, `release-${++n}`)

describe('a .deb asset', () => {
  it.each(['xz', 'gzip', 'zstd', 'none'] as const)(
    'is read from its ar container and data.tar (%s) and its /usr/bin binary runs',
    async (compression) => {
      const dir = folder()
      const deb = await makeDeb(dir, { compression })
      await writeSums(dir)
      const result = await smoke({ directory: dir, tag: 'v1.2.3' })
      expect(check(result, `select:${HOST}`).evidence?.chosen).toBe(deb)
      const unpack = check(result, `unpack:${HOST}`)
      expect(unpack.status, unpack.message).toBe('pass')
      const member = { xz: 'data.tar.xz', gzip: 'data.tar.gz', zstd: 'data.tar.zst', none: 'data.tar' }[
        compression
      ]
      expect(unpack.evidence).toMatchObject({ format: 'deb', member })
      // /usr/bin/app, not the doc folder's README, and named after the asset (app_1.2.3_amd64.deb → app).
      expect(check(result, `binary:${HOST}`).evidence?.path).toBe('usr/bin/app')
      expect(check(result, `checksum:${HOST}`).status).toBe('pass')
      expect(check(result, `version:${HOST}`).status).toBe('pass')
      expect(result.status).toBe(result.checks.some((c) => c.status === 'warn') ? 'warn' : 'pass')
    },
  )

  it('fails a truncated .deb without running anything', async () => {
    const dir = folder()
    const deb = await makeDeb(dir)
    const full = (await readFile(path.join(dir, deb))).length
    // Cut inside the last member (data.tar): its header announces more bytes than the file holds.
    await truncate(path.join(dir, deb), full - 10)
    await writeSums(dir)
    const result = await smoke({ directory: dir, tag: 'v1.2.3' })
    const unpack = check(result, `unpack:${HOST}`)
    expect(unpack.status).toBe('fail')
    expect(unpack.message).toMatch(/a member running past the end of the file .*damaged/)
    expect(result.checks.map((c) => c.id)).not.toContain(`version:${HOST}`)
  })

  it('refuses a data.tar entry that climbs out of the folder, and runs nothing', async () => {
    const dir = folder()
    const work = path.join(root, `hostile-${n}`)
    await mkdir(path.join(work, 'data/usr/bin'), { recursive: true })
    await writeFile(path.join(work, 'debian-binary'), '2.0\n')
    await writeFile(path.join(work, 'data/usr/bin/app'), '#!/bin/sh\necho app 1.2.3\n', { mode: 0o755 })
    execFileSync('tar', ['-czf', path.join(work, 'control.tar.gz'), '-C', work, 'debian-binary'])
    // GNU tar keeps a leading ../ with -P: the entry would land beside the destination.
    execFileSync('tar', [
      '-czPf',
      path.join(work, 'data.tar.gz'),
      `--transform=s,^${work}/data/usr/bin/app,../../escaped,`,
      `${work}/data/usr/bin/app`,
    ])
    const deb = `app_1.2.3_${DEB_ARCH}.deb`
    await mkdir(dir, { recursive: true })
    execFileSync('ar', ['rc', path.join(dir, deb), 'debian-binary', 'control.tar.gz', 'data.tar.gz'], {
      cwd: work,
    })
    await writeSums(dir)
    expect((await listArMembers(path.join(dir, deb))).map((m) => m.name)).toEqual([
      'debian-binary',
      'control.tar.gz',
      'data.tar.gz',
    ])
    const result = await smoke({ directory: dir, tag: 'v1.2.3' })
    const unpack = check(result, `unpack:${HOST}`)
    expect(unpack.status).toBe('fail')
    expect(unpack.message).toContain('path-traversal')
    expect(result.checks.map((c) => c.id)).not.toContain(`version:${HOST}`)
  })

  it('is not taken for an ar archive when the file is something else', async () => {
    const file = path.join(root, 'not-ar.deb')
    await writeFile(file, 'hello world, not an archive')
    await expect(listArMembers(file)).rejects.toThrow(/not an ar archive/)
  })

  it('is not unpacked when it differs from the SHA256SUMS beside it', async () => {
    const dir = folder()
    await makeDeb(dir)
    await writeSums(dir)
    await makeDeb(dir, { reports: '6.6.6' })
    const result = await smoke({ directory: dir, tag: 'v1.2.3' })
    const checksum = check(result, `checksum:${HOST}`)
    expect(checksum.status).toBe('fail')
    expect(checksum.message).toMatch(
      /does not match SHA256SUMS:1 \(sha256 [0-9a-f]{64}\): nothing from it is run/,
    )
    expect(result.checks.map((c) => c.id)).toEqual([`select:${HOST}`, `checksum:${HOST}`])
  })
})
