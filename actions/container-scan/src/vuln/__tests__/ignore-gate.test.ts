import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { isPostflightError } from '@postflight/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Finding, Severity } from '../../types.ts'
import { gateFindings } from '../gate.ts'
import { applyIgnores, loadIgnoreFile } from '../ignore.ts'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pf-ignore-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

async function file(text: string): Promise<string> {
  const f = path.join(dir, `${Math.random().toString(36).slice(2)}.yml`)
  await writeFile(f, text)
  return f
}

function finding(id: string, severity: Severity, extra: Partial<Finding> = {}): Finding {
  return {
    id,
    aliases: [],
    package: {
      name: 'openssl',
      version: '3.0.11-1',
      ecosystem: 'Debian',
      purl: 'pkg:deb/debian/openssl@3.0.11-1',
      licenses: [],
      location: '/var/lib/dpkg/status',
    },
    installedVersion: '3.0.11-1',
    severity,
    source: 'osv',
    ...extra,
  }
}

describe('loadIgnoreFile', () => {
  it('reads a list of entries with reason and expiry', async () => {
    const rules = await loadIgnoreFile(
      await file(
        '- id: CVE-2024-1\n  reason: not reachable\n  expires: 2030-01-31\n- id: GHSA-x\n  package: lodash\n  reason: dev only\n  expires: "2030-02-01"\n',
      ),
    )
    expect(rules).toEqual([
      { id: 'CVE-2024-1', reason: 'not reachable', expires: '2030-01-31' },
      { id: 'GHSA-x', package: 'lodash', reason: 'dev only', expires: '2030-02-01' },
    ])
  })

  it('accepts an empty file as no rules', async () => {
    expect(await loadIgnoreFile(await file(''))).toEqual([])
  })

  it.each([
    ['- id: CVE-1\n  expires: 2030-01-01\n', /entry 1 \(CVE-1\): reason: /],
    [
      '- id: CVE-1\n  reason: "  "\n  expires: 2030-01-01\n',
      /entry 1 \(CVE-1\): reason: a reason is required/,
    ],
    ['- id: CVE-1\n  reason: x\n', /entry 1 \(CVE-1\): expires: expires is required/],
    ['- id: CVE-1\n  reason: x\n  expires: 31/01/2030\n', /expires must be a date as YYYY-MM-DD/],
    ['- id: CVE-1\n  reason: x\n  expires: 2030-02-30\n', /expires is not a real date/],
    ['- id: CVE-1\n  reason: x\n  expires: 2030-01-01\n  until: 2031-01-01\n', /unknown key until/],
    ['- id: A\n  reason: x\n  expires: 2030-01-01\n- reason: y\n  expires: 2030-01-01\n', /entry 2: id: /],
    ['id: CVE-1\n', /expected a YAML list/],
    ['- [unclosed\n', /is not valid YAML/],
  ])('rejects %j naming the file and the entry', async (text, message) => {
    const f = await file(text)
    const err = await loadIgnoreFile(f).catch((e: unknown) => e)
    expect(isPostflightError(err, 'BAD_INPUT')).toBe(true)
    expect((err as Error).message).toContain(`ignore file ${f}`)
    expect((err as Error).message).toMatch(message)
  })

  it('fails naming a missing file', async () => {
    await expect(loadIgnoreFile(path.join(dir, 'nope.yml'))).rejects.toThrow(/nope\.yml: cannot be read/)
  })
})

describe('applyIgnores', () => {
  const rules = [
    { id: 'CVE-1', reason: 'r', expires: '2026-03-01' },
    { id: 'CVE-2', package: 'zlib', reason: 'r', expires: '2026-03-01' },
    { id: 'GHSA-alias', reason: 'r', expires: '2026-03-01' },
    { id: 'CVE-OLD', reason: 'r', expires: '2026-01-31' },
  ]
  const findings = [
    finding('CVE-1', 'critical'),
    finding('CVE-2', 'high'), // rule is for zlib, this is openssl
    finding('DSA-9', 'high', { aliases: ['GHSA-alias'] }),
    finding('CVE-OLD', 'critical'),
  ]

  it('ignores by id or alias and by package, and keeps the rest', () => {
    const r = applyIgnores(findings, rules, new Date('2026-02-15T12:00:00Z'))
    expect(r.ignored.map((f) => f.id)).toEqual(['CVE-1', 'DSA-9'])
    expect(r.kept.map((f) => f.id)).toEqual(['CVE-2', 'CVE-OLD'])
    expect(r.expired.map((x) => x.id)).toEqual(['CVE-OLD'])
  })

  it('matches a rule naming a purl without a version at any version of that package', () => {
    const byPurl = [{ id: 'CVE-9', package: 'pkg:deb/debian/openssl', reason: 'r', expires: '2030-01-01' }]
    const other = [{ id: 'CVE-9', package: 'pkg:deb/debian/openssl-dev', reason: 'r', expires: '2030-01-01' }]
    const now = new Date('2026-02-15T00:00:00Z')
    expect(applyIgnores([finding('CVE-9', 'high')], byPurl, now).ignored).toHaveLength(1)
    expect(applyIgnores([finding('CVE-9', 'high')], other, now).ignored).toHaveLength(0)
  })

  it('holds a rule through its expiry day and drops it the next day, so the finding comes back', () => {
    const lastDay = applyIgnores([finding('CVE-1', 'critical')], rules, new Date('2026-03-01T23:59:59Z'))
    expect(lastDay.ignored).toHaveLength(1)
    expect(lastDay.expired.map((x) => x.id)).toEqual(['CVE-OLD'])
    const after = applyIgnores([finding('CVE-1', 'critical')], rules, new Date('2026-03-02T00:00:00Z'))
    expect(after.ignored).toEqual([])
    expect(after.kept.map((f) => f.id)).toEqual(['CVE-1'])
    expect(after.expired.map((x) => x.id).sort()).toEqual(['CVE-1', 'CVE-2', 'CVE-OLD', 'GHSA-alias'])
  })
})

describe('gateFindings', () => {
  const all = [
    finding('C', 'critical', { fixedVersion: '2' }),
    finding('H', 'high'),
    finding('M', 'medium', { fixedVersion: '2' }),
    finding('L', 'low'),
    finding('U', 'unknown'),
  ]
  const ids = (fs: Finding[]) => fs.map((f) => f.id)

  it.each([
    ['critical', false, ['C']],
    ['high', false, ['C', 'H']],
    ['medium', false, ['C', 'H', 'M']],
    ['low', false, ['C', 'H', 'M', 'L']],
    ['unknown', false, ['C', 'H', 'M', 'L', 'U']],
    ['high', true, ['C']], // H has no fix
    ['unknown', true, ['C', 'M']],
  ] as const)('threshold %s, ignore-unfixed %s → blocks %j', (threshold, ignoreUnfixed, blocking) => {
    const r = gateFindings(all, { threshold, ignoreUnfixed })
    expect(ids(r.blocking)).toEqual(blocking)
    expect(ids(r.below).length + r.blocking.length).toBe(all.length)
  })
})
