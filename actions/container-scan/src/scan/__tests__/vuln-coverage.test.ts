// The built-in matcher's gate over packages the OSV database cannot speak for, and an empty database.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURES } from '../../../../../test/helpers/paths.ts'
import type { InventoryPackage } from '../../types.ts'
import { loadOsvDatabase, matchPackages } from '../../vuln/index.ts'
import { gateVerdict, withCoverage } from '../vuln-gate.ts'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pf-vuln-coverage-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

const pkg = (name: string, version: string, ecosystem: InventoryPackage['ecosystem']): InventoryPackage => ({
  name,
  version,
  ecosystem,
  purl: `pkg:x/${name}@${version}`,
  licenses: [],
  location: '/x',
})
const gate = { threshold: 'critical' as const, ignoreUnfixed: false, ignores: [], now: new Date() }

describe('the OSV gate and its coverage', () => {
  it('refuses an osv-db that holds no record, naming the input', async () => {
    const empty = path.join(dir, 'empty')
    await mkdir(empty)
    await expect(loadOsvDatabase(empty)).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringContaining(`osv-db ${empty} holds no OSV record`),
    })
  })

  it('warns, never passes, when packages of an ecosystem the database lacks were not checked', async () => {
    // One real npm record: the database speaks for npm only.
    const only = path.join(dir, 'npm-only')
    await mkdir(only)
    const names = ['GHSA-35jh-r3h4-6jhm.json']
    for (const n of names) await writeFile(path.join(only, n), await readFile(path.join(FIXTURES, 'osv', n)))
    const db = await loadOsvDatabase(only)
    expect([...db.ecosystems.keys()]).toEqual(['npm'])

    const npmOnly = [pkg('left-pad', '1.3.0', 'npm')]
    const clean = gateVerdict(matchPackages(npmOnly, db), gate).outcome
    expect(withCoverage(clean, npmOnly, db).status).toBe('pass')

    const withOs = [...npmOnly, pkg('openssl', '3.0.11-1', 'Debian'), pkg('zlib', '1.2.13-r0', 'Debian')]
    const outcome = withCoverage(gateVerdict(matchPackages(withOs, db), gate).outcome, withOs, db)
    expect(outcome.status).toBe('warn')
    expect(outcome.message).toContain(`2 packages not checked, ${only} has no record for Debian`)
    expect(outcome.evidence).toMatchObject({ unchecked: { Debian: 2 } })
  })

  it('keeps a failing gate failing, with the note', () => {
    const db = {
      source: 'db',
      records: 1,
      withdrawn: 0,
      entries: new Map(),
      ecosystems: new Map([['npm', 1]]),
    }
    const failed = withCoverage(
      { status: 'fail', message: '1 at or above critical' },
      [pkg('a', '1', 'PyPI')],
      db,
    )
    expect(failed).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('1 package not checked'),
    })
  })

  it('warns when a package the database has records for has a version its ecosystem cannot read', async () => {
    const db = await loadOsvDatabase(path.join(dir, 'npm-only'))
    const lodash = pkg('lodash', 'not-a-version', 'npm')
    const outcome = withCoverage(gateVerdict(matchPackages([lodash], db), gate).outcome, [lodash], db)
    expect(outcome).toMatchObject({
      status: 'warn',
      message: expect.stringContaining('1 package not checked, version not readable: lodash@not-a-version'),
      evidence: { unreadableVersions: ['lodash@not-a-version'] },
    })
    const readable = pkg('lodash', '4.17.21', 'npm')
    expect(
      withCoverage(gateVerdict(matchPackages([readable], db), gate).outcome, [readable], db).status,
    ).toBe('pass')
  })
})
