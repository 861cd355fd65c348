// Trivy and Grype reports: the REAL outputs in ../shared/fixtures/trivy and /grype (see SOURCES.md).
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { isPostflightError } from '@postflight/core'
import { describe, expect, it } from 'vitest'
import { FIXTURES } from '../../../../../test/helpers/paths.ts'
import { parseGrypeReport } from '../grype.ts'
import { parseTrivyReport } from '../trivy.ts'

const read = async (rel: string): Promise<unknown> =>
  JSON.parse(await readFile(path.join(FIXTURES, rel), 'utf8'))

describe('parseTrivyReport', () => {
  it('reads an Alpine image scan: severity, fix, package, purl, layer and release', async () => {
    const { findings, packages } = parseTrivyReport(await read('trivy/alpine-310.json'), 'alpine-310.json')
    expect(findings.map((f) => `${f.id} ${f.package.name} ${f.severity} ${f.fixedVersion}`)).toEqual([
      'CVE-2019-1549 libcrypto1.1 medium 1.1.1d-r0',
      'CVE-2019-1551 libcrypto1.1 medium 1.1.1d-r2',
      'CVE-2019-1549 libssl1.1 medium 1.1.1d-r0',
      'CVE-2019-1551 libssl1.1 medium 1.1.1d-r2',
    ])
    const f = findings[0]
    expect(f?.source).toBe('trivy')
    expect(f?.installedVersion).toBe('1.1.1c-r0')
    expect(f?.package).toMatchObject({
      ecosystem: 'Alpine',
      purl: 'pkg:apk/alpine/libcrypto1.1@1.1.1c-r0?arch=x86_64&distro=3.10.2',
      distroVersion: 'v3.10',
      location: '/lib/apk/db/installed',
      layer: 'sha256:9d48c3bd43c520dc2784e868a780e976b207cbf493eaff8c6596eb871cbd9609',
    })
    // nvd's vector is preferred and scored with the calculator (5.3, as Trivy's own V3Score says).
    expect(f?.score).toBe(5.3)
    expect(f?.cvssVector).toBe('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N')
    expect(f?.url).toBe('https://avd.aquasec.com/nvd/cve-2019-1549')
    expect(f?.summary).toBe('openssl: information disclosure in fork()')
    expect(packages.map((p) => p.name)).toEqual(['libcrypto1.1', 'libssl1.1'])
  })

  it('reads a Debian + Ruby SBOM scan: unfixed findings, and the fix on the installed line', async () => {
    const { findings } = parseTrivyReport(await read('trivy/fluentd-multiple-lockfiles.json'), 'f.json')
    expect(findings.map((f) => [f.id, f.package.ecosystem, f.severity, f.fixedVersion])).toEqual([
      ['CVE-2019-18276', 'Debian', 'low', undefined],
      ['CVE-2019-18224', 'Debian', 'critical', '2.0.5-1+deb10u1'],
      // Trivy lists "6.0.3.1, 5.2.4.3"; 6.0.2.1 is on the 6.0 line, so 6.0.3.1 is its fix.
      ['CVE-2020-8165', 'RubyGems', 'high', '6.0.3.1'],
    ])
    expect(findings[0]?.package.distroVersion).toBe('10')
    expect(findings[0]?.package.purl).toBe('pkg:deb/debian/bash@5.0-4?distro=debian-10.2')
    expect(findings[2]?.package.distroVersion).toBeUndefined()
  })

  it('reads a jar finding and skips the custom-class result with a null Type', async () => {
    const { findings } = parseTrivyReport(await read('trivy/spring4shell-jre8.json'), 's.json')
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatchObject({
      id: 'CVE-2022-22965',
      severity: 'low',
      fixedVersion: '5.3.18',
      package: {
        name: 'org.springframework:spring-beans',
        ecosystem: 'Maven',
        purl: 'pkg:maven/org.springframework/spring-beans@5.3.15',
      },
    })
  })

  it('takes the package list (with licences) from a --list-all-pkgs report', async () => {
    const { findings, packages } = parseTrivyReport(await read('trivy/npm.json'), 'npm.json')
    expect(packages).toHaveLength(12)
    expect(packages.find((p) => p.name === 'jquery')).toMatchObject({
      licenses: ['MIT'],
      purl: 'pkg:npm/jquery@3.3.9',
    })
    expect(findings.map((f) => [f.id, f.package.name, f.severity, f.fixedVersion])).toEqual([
      ['CVE-2019-11358', 'jquery', 'medium', '3.4.0'],
    ])
    // The finding points at the same package object as the list.
    expect(packages).toContain(findings[0]?.package)
  })

  it.each([
    [{ SchemaVersion: 1, Results: [] }, /SchemaVersion/],
    [
      { SchemaVersion: 2, Results: [{ Target: 'x', Vulnerabilities: [{ PkgName: 'a' }] }] },
      /Results\.0\.Vulnerabilities\.0\.VulnerabilityID/,
    ],
    [[], /\(top level\)/],
  ])('rejects a bad report naming the file and the field (%#)', (json, field) => {
    const err = (() => {
      try {
        parseTrivyReport(json, 'reports/trivy.json')
        return undefined
      } catch (e) {
        return e
      }
    })()
    expect(isPostflightError(err, 'BAD_INPUT')).toBe(true)
    expect((err as Error).message).toMatch(/^reports\/trivy\.json is not a trivy JSON report/)
    expect((err as Error).message).toMatch(field)
  })
})

describe('parseGrypeReport', () => {
  it('reads an image report: the tool severity, the fix, CVSS, purl, licences and distro', async () => {
    const { findings, packages } = parseGrypeReport(await read('grype/TestJsonImgsPresenter.json'), 'g.json')
    expect(
      findings.map((f) => [f.id, f.package.name, f.package.ecosystem, f.severity, f.fixedVersion]),
    ).toEqual([
      // Grype's own rating wins over the vector's score (8.2 would be high): the report is the tool's verdict.
      ['CVE-1999-0001', 'package-1', 'Red Hat', 'low', '1.2.1'],
      ['CVE-1999-0002', 'package-2', 'Debian', 'critical', undefined],
    ])
    expect(findings[0]?.score).toBe(8.2)
    expect(findings[0]?.package.purl).toBe('pkg:rpm/redhat/package-1@1.1.1') // built: the report's purl is empty
    expect(findings[0]?.package.location).toBe('/foo/bar/somefile-1.txt')
    expect(findings[1]?.package).toMatchObject({
      purl: 'pkg:deb/package-2@2.2.2',
      licenses: ['Apache-2.0', 'MIT'],
    })
    expect(findings.every((f) => f.source === 'grype')).toBe(true)
    expect(packages).toHaveLength(2)
  })

  it('reads a directory report the same way', async () => {
    const { findings } = parseGrypeReport(await read('grype/TestJsonDirsPresenter.json'), 'd.json')
    expect(findings.map((f) => f.id)).toEqual(['CVE-1999-0001', 'CVE-1999-0002'])
  })

  it('rejects a report without matches naming the file and field', () => {
    expect(() => parseGrypeReport({ source: {} }, 'out/grype.json')).toThrow(
      /^out\/grype\.json is not a grype JSON report: matches:/,
    )
    expect(() =>
      parseGrypeReport({ matches: [{ vulnerability: { id: 'X' }, artifact: { name: 'a' } }] }, 'g.json'),
    ).toThrow(/matches\.0\.artifact\.version/)
  })
})
