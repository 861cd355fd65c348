// Table tests of the OSV matcher over the REAL records in ../shared/fixtures/osv (see SOURCES.md):
// Alpine, Debian, npm, PyPI, Go and crates.io.
import { rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { FIXTURES } from '../../../../../test/helpers/paths.ts'
import type { Ecosystem, InventoryPackage } from '../../types.ts'
import { evaluateRange, matchPackages } from '../match.ts'
import type { OsvDatabase } from '../osv-db.ts'
import { loadOsvDatabase } from '../osv-load.ts'
import { semverCompare } from '../version/index.ts'

const OSV = path.join(FIXTURES, 'osv')

function pkg(
  ecosystem: Ecosystem,
  name: string,
  version: string,
  extra: Partial<InventoryPackage> = {},
): InventoryPackage {
  return {
    name,
    version,
    ecosystem,
    purl: `pkg:generic/${name}@${version}`,
    licenses: [],
    location: '/x',
    ...extra,
  }
}

interface Case {
  pkg: InventoryPackage
  id: string
  /** undefined: not affected; null: affected without a fix; a string: affected, fixed there. */
  fixed: string | null | undefined
  severity?: string
}

function expectCase(db: OsvDatabase, c: Case): void {
  const finding = matchPackages([c.pkg], db).find((f) => f.id === c.id)
  if (c.fixed === undefined) {
    expect(finding, `${c.pkg.name}@${c.pkg.version} should not match ${c.id}`).toBeUndefined()
    return
  }
  expect(finding, `${c.pkg.name}@${c.pkg.version} should match ${c.id}`).toBeDefined()
  expect(finding?.fixedVersion ?? null).toBe(c.fixed)
  expect(finding?.installedVersion).toBe(c.pkg.version)
  expect(finding?.source).toBe('osv')
  if (c.severity) expect(finding?.severity).toBe(c.severity)
}

let db: OsvDatabase
beforeAll(async () => {
  db = await loadOsvDatabase(OSV)
})

describe('the fixture folder', () => {
  it('indexes all six ecosystems of the real records', () => {
    expect(db.records).toBe(12)
    expect([...db.ecosystems.keys()].sort()).toEqual(['Alpine', 'Debian', 'Go', 'PyPI', 'crates.io', 'npm'])
  })
})

const alpine = (name: string, version: string, release: string, extra: Partial<InventoryPackage> = {}) =>
  pkg('Alpine', name, version, { distroVersion: release, ...extra })

describe('Alpine (CVE-2022-27449, one affected[] per release, apk versions)', () => {
  it.each<Case>([
    { pkg: alpine('mariadb', '10.6.7-r0', 'v3.16'), id: 'CVE-2022-27449', fixed: '10.6.8-r0' },
    { pkg: alpine('mariadb', '10.6.8-r0', 'v3.16'), id: 'CVE-2022-27449', fixed: undefined }, // exactly at fixed
    { pkg: alpine('mariadb', '10.6.8-r1', 'v3.16'), id: 'CVE-2022-27449', fixed: undefined },
    { pkg: alpine('mariadb', '10.6.8_rc1-r0', 'v3.16'), id: 'CVE-2022-27449', fixed: '10.6.8-r0' }, // _rc before
    { pkg: alpine('mariadb', '10.6.7_p1-r0', 'v3.16'), id: 'CVE-2022-27449', fixed: '10.6.8-r0' }, // _p after 10.6.7
    { pkg: alpine('mariadb', '10.5.16-r0', 'v3.16'), id: 'CVE-2022-27449', fixed: '10.6.8-r0' }, // release matters
    { pkg: alpine('mariadb', '10.5.16-r0', 'v3.14'), id: 'CVE-2022-27449', fixed: undefined },
    { pkg: alpine('mariadb', '10.4.24-r0', '3.12.9'), id: 'CVE-2022-27449', fixed: '10.4.25-r0' }, // 3.12.9 is v3.12
    { pkg: alpine('mariadb', '10.4.24-r0', 'v3.19'), id: 'CVE-2022-27449', fixed: undefined }, // no record for 3.19
    // Alpine secdb names origin packages: a subpackage matches through its source name.
    {
      pkg: alpine('mariadb-client', '10.6.7-r0', 'v3.16', { sourceName: 'mariadb' }),
      id: 'CVE-2022-27449',
      fixed: '10.6.8-r0',
      severity: 'unknown',
    },
  ])('$pkg.name $pkg.version on $pkg.distroVersion', (c) => expectCase(db, c))
})

const debian = (name: string, version: string, release: string, extra: Partial<InventoryPackage> = {}) =>
  pkg('Debian', name, version, { distroVersion: release, ...extra })

describe('Debian (DSA-3029-1 and CVE-2024-3847, source packages, dpkg versions)', () => {
  it.each<Case>([
    { pkg: debian('nginx', '1.2.1-2.2+wheezy2', '7'), id: 'DSA-3029-1', fixed: '1.2.1-2.2+wheezy3' },
    { pkg: debian('nginx', '1.2.1-2.2+wheezy3', '7'), id: 'DSA-3029-1', fixed: undefined }, // exactly at fixed
    { pkg: debian('nginx', '1.2.1-2.2+wheezy3~1', '7'), id: 'DSA-3029-1', fixed: '1.2.1-2.2+wheezy3' }, // `~` sorts before
    { pkg: debian('nginx', '1:1.0-1', '7'), id: 'DSA-3029-1', fixed: undefined }, // the epoch outranks the fix
    { pkg: debian('nginx', '1.2.1-2.2+wheezy2', '12'), id: 'DSA-3029-1', fixed: undefined }, // other release
    // Binary package nginx-full is built from source nginx, which the DSA names.
    {
      pkg: debian('nginx-full', '1.2.1-2.2', '7.11', { sourceName: 'nginx' }),
      id: 'DSA-3029-1',
      fixed: '1.2.1-2.2+wheezy3',
    },
    { pkg: debian('nginx-full', '1.2.1-2.2', '7'), id: 'DSA-3029-1', fixed: undefined }, // no source name: no match
    // A binary whose own version has an epoch its source lacks is compared at the source's version.
    {
      pkg: debian('nginx-extras', '1:1.2.1-2.2+b1', '7', { sourceName: 'nginx', sourceVersion: '1.2.1-2.2' }),
      id: 'DSA-3029-1',
      fixed: '1.2.1-2.2+wheezy3',
    },
    {
      pkg: debian('nginx-extras', '1:1.2.1-2.2+b1', '7', { sourceName: 'nginx' }),
      id: 'DSA-3029-1',
      fixed: undefined,
    },
    // Only `introduced: 0`: affected and unfixed; the per-package urgency is the rating.
    {
      pkg: debian('chromium', '120.0.6099.224-1~deb11u1', '11'),
      id: 'CVE-2024-3847',
      fixed: null,
      severity: 'low',
    },
    { pkg: debian('chromium', '120.0.6099.224-1', '12'), id: 'CVE-2024-3847', fixed: undefined },
  ])('$pkg.name $pkg.version on Debian $pkg.distroVersion', (c) => expectCase(db, c))
})

describe('npm (GHSA-35jh-r3h4-6jhm, CVSS 3.1 vector and GHSA rating)', () => {
  it.each<Case>([
    { pkg: pkg('npm', 'lodash', '4.17.20'), id: 'GHSA-35jh-r3h4-6jhm', fixed: '4.17.21', severity: 'high' },
    { pkg: pkg('npm', 'lodash', '4.17.21'), id: 'GHSA-35jh-r3h4-6jhm', fixed: undefined }, // exactly at fixed
    { pkg: pkg('npm', 'lodash', '4.17.21-rc.1'), id: 'GHSA-35jh-r3h4-6jhm', fixed: '4.17.21' }, // pre-release before
    { pkg: pkg('npm', 'lodash-es', '4.17.15'), id: 'GHSA-35jh-r3h4-6jhm', fixed: '4.17.21' },
    { pkg: pkg('npm', 'Lodash', '4.17.15'), id: 'GHSA-35jh-r3h4-6jhm', fixed: undefined }, // npm names are exact
  ])('$pkg.name $pkg.version', (c) => expectCase(db, c))

  it('scores the vector with the CVSS calculator and keeps aliases and the summary', () => {
    const [f] = matchPackages([pkg('npm', 'lodash', '4.17.20')], db)
    expect(f?.score).toBe(7.2)
    expect(f?.cvssVector).toBe('CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H')
    expect(f?.aliases).toEqual(['CVE-2021-23337'])
    expect(f?.summary).toMatch(/Command Injection/i)
  })
})

describe('PyPI (GHSA-j8r2-6x86-q33q, PEP 440)', () => {
  it.each<Case>([
    {
      pkg: pkg('PyPI', 'requests', '2.30.0'),
      id: 'GHSA-j8r2-6x86-q33q',
      fixed: '2.31.0',
      severity: 'medium',
    },
    { pkg: pkg('PyPI', 'requests', '2.31.0'), id: 'GHSA-j8r2-6x86-q33q', fixed: undefined }, // exactly at fixed
    { pkg: pkg('PyPI', 'requests', '2.31.0rc1'), id: 'GHSA-j8r2-6x86-q33q', fixed: '2.31.0' }, // pre-release before
    { pkg: pkg('PyPI', 'requests', '2.3.0'), id: 'GHSA-j8r2-6x86-q33q', fixed: '2.31.0' }, // exactly at introduced
    { pkg: pkg('PyPI', 'requests', '2.2.1'), id: 'GHSA-j8r2-6x86-q33q', fixed: undefined }, // before introduced
    { pkg: pkg('PyPI', 'Requests', '2.30'), id: 'GHSA-j8r2-6x86-q33q', fixed: '2.31.0' }, // PEP 503 name, short version
  ])('$pkg.name $pkg.version', (c) => expectCase(db, c))
})

describe('Go (GO-2023-2102, GO-2021-0113, GHSA-fxg5-wq6x-vr4w: SEMVER, pseudo-versions)', () => {
  it.each<Case>([
    { pkg: pkg('Go', 'stdlib', '1.20.9'), id: 'GO-2023-2102', fixed: '1.20.10', severity: 'unknown' },
    { pkg: pkg('Go', 'stdlib', '1.20.10'), id: 'GO-2023-2102', fixed: undefined },
    { pkg: pkg('Go', 'stdlib', 'go1.21.0'), id: 'GO-2023-2102', fixed: '1.21.3' }, // the second introduced/fixed pair
    { pkg: pkg('Go', 'stdlib', '1.21.0-rc.1'), id: 'GO-2023-2102', fixed: '1.21.3' }, // after `introduced: 1.21.0-0`
    { pkg: pkg('Go', 'stdlib', '1.21.3'), id: 'GO-2023-2102', fixed: undefined },
    { pkg: pkg('Go', 'golang.org/x/net', 'v0.16.0'), id: 'GO-2023-2102', fixed: '0.17.0' },
    { pkg: pkg('Go', 'golang.org/x/text', 'v0.3.6'), id: 'GO-2021-0113', fixed: '0.3.7' },
    { pkg: pkg('Go', 'golang.org/x/text', 'v0.3.7'), id: 'GO-2021-0113', fixed: undefined },
    {
      pkg: pkg('Go', 'golang.org/x/net', 'v0.0.0-20220906165146-f3363e06e74c'),
      id: 'GHSA-fxg5-wq6x-vr4w',
      fixed: '0.1.1-0.20221104162952-702349b0e862',
      severity: 'high', // database_specific.severity, no vector
    },
    {
      pkg: pkg('Go', 'golang.org/x/net', 'v0.0.0-20220101000000-aaaaaaaaaaaa'),
      id: 'GHSA-fxg5-wq6x-vr4w',
      fixed: undefined,
    },
    // The fix is a pseudo-version, a pre-release of 0.1.1: 0.1.0 sorts before it, 0.1.1 after.
    {
      pkg: pkg('Go', 'golang.org/x/net', 'v0.1.0'),
      id: 'GHSA-fxg5-wq6x-vr4w',
      fixed: '0.1.1-0.20221104162952-702349b0e862',
    },
    { pkg: pkg('Go', 'golang.org/x/net', 'v0.1.1'), id: 'GHSA-fxg5-wq6x-vr4w', fixed: undefined },
  ])('$pkg.name $pkg.version', (c) => expectCase(db, c))
})

describe('crates.io (RUSTSEC-2023-0001, RUSTSEC-2021-0145, GHSA-wcg3-cvx6-7396)', () => {
  it.each<Case>([
    { pkg: pkg('crates.io', 'tokio', '1.18.3'), id: 'RUSTSEC-2023-0001', fixed: '1.18.4' },
    { pkg: pkg('crates.io', 'tokio', '1.18.4'), id: 'RUSTSEC-2023-0001', fixed: undefined },
    { pkg: pkg('crates.io', 'tokio', '1.19.0'), id: 'RUSTSEC-2023-0001', fixed: '1.20.3' },
    { pkg: pkg('crates.io', 'tokio', '1.23.1'), id: 'RUSTSEC-2023-0001', fixed: undefined },
    { pkg: pkg('crates.io', 'tokio', '1.6.0'), id: 'RUSTSEC-2023-0001', fixed: undefined },
    { pkg: pkg('crates.io', 'atty', '0.2.14'), id: 'RUSTSEC-2021-0145', fixed: null, severity: 'unknown' },
  ])('$pkg.name $pkg.version', (c) => expectCase(db, c))

  it.each<Case>([
    { pkg: pkg('crates.io', 'time', '0.2.0'), id: 'GHSA-wcg3-cvx6-7396', fixed: null }, // exactly at last_affected
    { pkg: pkg('crates.io', 'time', '0.1.44'), id: 'GHSA-wcg3-cvx6-7396', fixed: null },
    { pkg: pkg('crates.io', 'time', '0.2.1'), id: 'GHSA-wcg3-cvx6-7396', fixed: undefined }, // past last_affected
    {
      pkg: pkg('crates.io', 'time', '0.2.7'),
      id: 'GHSA-wcg3-cvx6-7396',
      fixed: '0.2.23',
      severity: 'medium',
    },
    { pkg: pkg('crates.io', 'time', '0.2.23'), id: 'GHSA-wcg3-cvx6-7396', fixed: undefined },
  ])('last_affected, as the osv.dev API serves it: $pkg.name $pkg.version', async (c) => {
    expectCase(await loadOsvDatabase(path.join(OSV, 'GHSA-wcg3-cvx6-7396.osv-api.json')), c)
  })

  it('reads the advisory-database form, whose end lives in database_specific, without tripping on it', async () => {
    const only = await loadOsvDatabase(path.join(OSV, 'GHSA-wcg3-cvx6-7396.advisory-database.json'))
    // The first range has only `introduced: 0.1`; its "< 0.2" is in database_specific, which OSV
    // consumers must not interpret, so 0.1.x and beyond stay affected by that range.
    expectCase(only, { pkg: pkg('crates.io', 'time', '0.1.44'), id: 'GHSA-wcg3-cvx6-7396', fixed: null })
    expectCase(only, { pkg: pkg('crates.io', 'time', '0.0.9'), id: 'GHSA-wcg3-cvx6-7396', fixed: undefined })
    const [f] = matchPackages([pkg('crates.io', 'time', '0.2.10')], only)
    expect(f?.score).toBe(6.2)
  })
})

describe('matchPackages', () => {
  it('reports one finding per advisory and package, whatever the number of matching entries', () => {
    const findings = matchPackages([pkg('npm', 'lodash', '4.0.0'), pkg('npm', 'lodash-es', '4.0.0')], db)
    expect(findings.map((f) => `${f.id} ${f.package.name}`)).toEqual([
      'GHSA-35jh-r3h4-6jhm lodash',
      'GHSA-35jh-r3h4-6jhm lodash-es',
    ])
  })

  it('orders a package’s findings by advisory id, the same on every load', async () => {
    const net = pkg('Go', 'golang.org/x/net', 'v0.0.0-20220906165146-f3363e06e74c')
    const ids = (d: OsvDatabase) => matchPackages([net], d).map((f) => f.id)
    expect(ids(db)).toEqual(['GHSA-fxg5-wq6x-vr4w', 'GO-2023-2102'])
    expect(ids(await loadOsvDatabase(OSV))).toEqual(ids(db))
  })

  it('finds nothing for packages the database does not know', () => {
    expect(matchPackages([pkg('npm', 'left-pad', '1.0.0'), pkg('Ubuntu', 'nginx', '1.0')], db)).toEqual([])
  })
})

describe('release matching', () => {
  const record = (ecosystem: string) => ({
    id: `T-${ecosystem}`,
    affected: [
      {
        package: { ecosystem, name: 'zlib' },
        ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }],
      },
    ],
  })
  it.each([
    ['Ubuntu:Pro:18.04:LTS', 'Ubuntu', '18.04', true],
    ['Ubuntu:22.04:LTS', 'Ubuntu', '22.04', true],
    ['Ubuntu:22.04:LTS', 'Ubuntu', '22.10', false],
    ['Red Hat:enterprise_linux:9::appstream', 'Red Hat', '9.3', true],
    ['Rocky Linux:8', 'Rocky Linux', '9.2', false],
    ['Alpine:v3.20', 'Alpine', 'v3.2', false], // 3.20 is not 3.2
  ] as const)('%s for a package on %s %s → %s', async (ecosystem, pkgEcosystem, distroVersion, matches) => {
    const file = path.join(os.tmpdir(), `pf-release-${Math.random().toString(36).slice(2)}.json`)
    await writeFile(file, JSON.stringify(record(ecosystem)))
    try {
      const db = await loadOsvDatabase(file)
      const found = matchPackages([pkg(pkgEcosystem, 'zlib', '1.0-1', { distroVersion })], db)
      expect(found.length > 0).toBe(matches)
    } finally {
      await rm(file, { force: true })
    }
  })
})

describe('evaluateRange', () => {
  const events = (...e: Record<string, string>[]) => e
  it.each([
    // `limit`: nothing at or above it is affected, even with no fix.
    [events({ introduced: '0' }, { limit: '2.0.0' }), '1.5.0', true],
    [events({ introduced: '0' }, { limit: '2.0.0' }), '2.0.0', false],
    // Unsorted events are sorted before evaluation.
    [events({ fixed: '1.2.0' }, { introduced: '1.0.0' }), '1.1.0', true],
    [events({ fixed: '1.2.0' }, { introduced: '1.0.0' }), '0.9.0', false],
    // last_affected is inclusive, fixed is not.
    [events({ introduced: '1.0.0' }, { last_affected: '1.4.0' }), '1.4.0', true],
    [events({ introduced: '1.0.0' }, { fixed: '1.4.0' }), '1.4.0', false],
  ])('%j at %s → %s', (evts, version, affected) => {
    expect(evaluateRange(evts, version, semverCompare).affected).toBe(affected)
  })

  it('reports the fix of the line that affects the version, not a later one', () => {
    const evts = events(
      { introduced: '1.0.0' },
      { last_affected: '1.4.0' },
      { introduced: '2.0.0' },
      { fixed: '2.1.0' },
    )
    expect(evaluateRange(evts, '1.2.0', semverCompare)).toEqual({ affected: true })
    expect(evaluateRange(evts, '2.0.5', semverCompare)).toEqual({ affected: true, fixed: '2.1.0' })
  })
})
