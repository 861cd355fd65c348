import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { isPostflightError } from '@postflight/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURES } from '../../../../../test/helpers/paths.ts'
import { matchPackages } from '../match.ts'
import { loadOsvDatabase } from '../osv-load.ts'
import { writeStoredZip } from './make-zip.ts'

const OSV = path.join(FIXTURES, 'osv')
let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pf-osv-load-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

async function fixtureEntries(): Promise<{ name: string; data: string }[]> {
  const names = (await readdir(OSV)).filter((n) => n.endsWith('.json')).sort()
  return Promise.all(
    names.map(async (name) => ({ name, data: await readFile(path.join(OSV, name), 'utf8') })),
  )
}

const lodash = {
  name: 'lodash',
  version: '4.17.20',
  ecosystem: 'npm' as const,
  purl: 'pkg:npm/lodash@4.17.20',
  licenses: [],
  location: '/app/node_modules/lodash/package.json',
}

describe('loadOsvDatabase', () => {
  it('reads a zip of records the way osv.dev exports them, to the same index as the folder', async () => {
    const zip = path.join(dir, 'all.zip')
    await writeStoredZip(zip, await fixtureEntries())
    const fromZip = await loadOsvDatabase(zip)
    const fromFolder = await loadOsvDatabase(OSV)
    expect(fromZip.records).toBe(12)
    expect([...fromZip.ecosystems].sort()).toEqual([...fromFolder.ecosystems].sort())
    expect(matchPackages([lodash], fromZip).map((f) => f.id)).toEqual(['GHSA-35jh-r3h4-6jhm'])
  })

  it('reads a deflated zip written by Info-ZIP zip', async () => {
    const src = path.join(dir, 'deflate-src')
    await mkdir(src, { recursive: true })
    for (const e of await fixtureEntries()) await writeFile(path.join(src, e.name), e.data)
    const zip = path.join(dir, 'deflated.zip')
    await promisify(execFile)('zip', ['-q', '-r', zip, '.'], { cwd: src })
    expect((await loadOsvDatabase(zip)).records).toBe(12)
  })

  it('reads nested folders and a single file; skips withdrawn records', async () => {
    const nested = path.join(dir, 'nested', 'npm')
    await mkdir(nested, { recursive: true })
    const record = JSON.parse(await readFile(path.join(OSV, 'GHSA-35jh-r3h4-6jhm.json'), 'utf8'))
    await writeFile(path.join(nested, 'a.json'), JSON.stringify(record))
    await writeFile(
      path.join(nested, 'b.json'),
      JSON.stringify({ ...record, id: 'GHSA-w', withdrawn: '2024-01-01T00:00:00Z' }),
    )
    await writeFile(path.join(nested, 'notes.txt'), 'not a record')
    const db = await loadOsvDatabase(path.join(dir, 'nested'))
    expect(db.records).toBe(2)
    expect(db.withdrawn).toBe(1)
    expect(matchPackages([lodash], db).map((f) => f.id)).toEqual(['GHSA-35jh-r3h4-6jhm'])
    expect((await loadOsvDatabase(path.join(nested, 'a.json'))).records).toBe(1)
  })

  it('reads a folder holding several ecosystems’ zips beside loose records', async () => {
    const folder = path.join(dir, 'exports')
    await mkdir(path.join(folder, 'npm'), { recursive: true })
    await mkdir(path.join(folder, 'Go'), { recursive: true })
    const entries = await fixtureEntries()
    await writeStoredZip(
      path.join(folder, 'npm', 'all.zip'),
      entries.filter((e) => e.name.startsWith('GHSA-35jh')),
    )
    await writeStoredZip(
      path.join(folder, 'Go', 'all.zip'),
      entries.filter((e) => e.name.startsWith('GO-')),
    )
    const alpine = entries.find((e) => e.name.startsWith('CVE-2022-27449')) as { data: string }
    await writeFile(path.join(folder, 'CVE-2022-27449.json'), alpine.data)
    const db = await loadOsvDatabase(folder)
    expect(db.records).toBe(4)
    expect([...db.ecosystems.keys()].sort()).toEqual(['Alpine', 'Go', 'npm'])
  })

  it('reads the `versions` list and ignores GIT ranges', async () => {
    const file = path.join(dir, 'versions.json')
    await writeFile(
      file,
      JSON.stringify({
        id: 'PYSEC-TEST-1',
        affected: [
          {
            package: { ecosystem: 'PyPI', name: 'Some_Pkg' },
            ranges: [{ type: 'GIT', repo: 'https://example.invalid/x', events: [{ introduced: 'abc123' }] }],
            versions: ['1.0', '1.1'],
          },
        ],
      }),
    )
    const db = await loadOsvDatabase(file)
    const p = (version: string) => ({ ...lodash, name: 'some-pkg', ecosystem: 'PyPI' as const, version })
    expect(matchPackages([p('1.1'), p('1.1.0'), p('1.2')], db).map((f) => f.installedVersion)).toEqual([
      '1.1',
      '1.1.0',
    ])
  })

  it.each([
    ['not JSON', '{"id": ', /bad\.json is not a valid OSV record: not JSON/],
    ['no id', '{"affected": []}', /bad\.json is not a valid OSV record: field id/],
    [
      'a range without events',
      '{"id":"X","affected":[{"package":{"ecosystem":"npm","name":"a"},"ranges":[{"type":"SEMVER"}]}]}',
      /field affected\.0\.ranges\.0\.events/,
    ],
  ])('fails on %s naming the file and the field', async (_, text, message) => {
    const folder = path.join(dir, `bad-${Math.random().toString(36).slice(2)}`)
    await mkdir(folder)
    await writeFile(path.join(folder, 'bad.json'), text)
    const err = await loadOsvDatabase(folder).catch((e: unknown) => e)
    expect(isPostflightError(err, 'BAD_INPUT')).toBe(true)
    expect((err as Error).message).toMatch(message)
    expect((err as Error).message).toContain(path.join(folder, 'bad.json'))
  })

  it('names the zip and the entry of a bad record inside a zip', async () => {
    const zip = path.join(dir, 'bad.zip')
    await writeStoredZip(zip, [...(await fixtureEntries()), { name: 'npm/BROKEN-1.json', data: '{"id": 3}' }])
    await expect(loadOsvDatabase(zip)).rejects.toThrow(
      `${zip}!npm/BROKEN-1.json is not a valid OSV record: field id`,
    )
  })

  it('reads entries larger than its cache blocks and entries across block boundaries', async () => {
    const record = JSON.parse(await readFile(path.join(OSV, 'GHSA-35jh-r3h4-6jhm.json'), 'utf8'))
    const big = { ...record, id: 'BIG-1', details: 'x'.repeat(3 * 1024 * 1024) }
    const small = Array.from({ length: 3000 }, (_, i) => ({
      name: `S-${i}.json`,
      data: JSON.stringify({ ...record, id: `S-${i}` }),
    }))
    const zip = path.join(dir, 'blocks.zip')
    await writeStoredZip(zip, [
      ...small.slice(0, 1500),
      { name: 'BIG-1.json', data: JSON.stringify(big) },
      ...small.slice(1500),
    ])
    const db = await loadOsvDatabase(zip)
    expect(db.records).toBe(3001)
    expect(matchPackages([lodash], db)).toHaveLength(3001)
  })

  it('refuses an entry whose bytes do not match its CRC', async () => {
    const zip = path.join(dir, 'corrupt.zip')
    await writeStoredZip(zip, await fixtureEntries())
    const bytes = await readFile(zip)
    const at = bytes.indexOf('lodash.template')
    bytes[at] = 'L'.charCodeAt(0)
    await writeFile(zip, bytes)
    await expect(loadOsvDatabase(zip)).rejects.toThrow(
      /is not a readable zip: GHSA-35jh-r3h4-6jhm\.json is corrupt/,
    )
  })

  it('fails naming the path when there is nothing there', async () => {
    await expect(loadOsvDatabase(path.join(dir, 'missing'))).rejects.toThrow(
      /osv-db .*missing cannot be read/,
    )
  })
})
