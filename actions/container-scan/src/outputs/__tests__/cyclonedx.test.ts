import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { FIXTURES } from '../../../../../test/helpers/paths.ts'
import type { Finding, InventoryPackage } from '../../types.ts'
import { parseTrivyReport } from '../../vuln/trivy.ts'
import { toCycloneDx } from '../cyclonedx.ts'
import { cycloneDxErrors } from './schemas.ts'

interface Bom {
  bomFormat: string
  specVersion: string
  serialNumber: string
  metadata: {
    timestamp: string
    component: { type: string; name: string; version?: string; 'bom-ref': string }
  }
  components: {
    'bom-ref': string
    type: string
    name: string
    version: string
    purl?: string
    licenses?: ({ license: { id?: string; name?: string } } | { expression: string })[]
    properties?: { name: string; value: string }[]
  }[]
  dependencies?: { ref: string; dependsOn?: string[] }[]
  vulnerabilities?: {
    id: string
    'bom-ref': string
    source?: { name: string; url?: string }
    ratings: { severity: string; score?: number; method?: string; vector?: string }[]
    affects: { ref: string; versions: { version: string; status: string }[] }[]
    recommendation?: string
    references?: { id: string }[]
  }[]
}

const pkg = (name: string, version: string, extra: Partial<InventoryPackage> = {}): InventoryPackage => ({
  name,
  version,
  ecosystem: 'Debian',
  purl: `pkg:deb/debian/${name}@${version}?distro=debian-12`,
  licenses: [],
  location: '/var/lib/dpkg/status',
  distroVersion: '12',
  ...extra,
})

let trivy: { findings: Finding[]; packages: InventoryPackage[] }
beforeAll(async () => {
  const json = JSON.parse(
    await readFile(path.join(FIXTURES, 'trivy/fluentd-multiple-lockfiles.json'), 'utf8'),
  )
  trivy = parseTrivyReport(json, 'fluentd.json')
})

describe('toCycloneDx', () => {
  it('writes CycloneDX 1.6 the library’s strict validator accepts, with and without findings', async () => {
    const packages = [
      pkg('openssl', '3.0.11-1~deb12u2', {
        licenses: ['Apache-2.0'],
        sourceName: 'openssl',
        layer: 'sha256:aa',
      }),
      pkg('libssl3', '3.0.11-1~deb12u2', { licenses: ['MIT OR Apache-2.0'], sourceName: 'openssl' }),
      pkg('tzdata', '2024a-0+deb12u1', { licenses: ['public-domain'] }),
    ]
    expect(await cycloneDxErrors(toCycloneDx(packages, { image: 'ghcr.io/acme/app:1.0' }))).toBeNull()
    expect(
      await cycloneDxErrors(
        toCycloneDx(trivy.packages, {
          image: 'fluentd:latest',
          digest: `sha256:${'b'.repeat(64)}`,
          findings: trivy.findings,
        }),
      ),
    ).toBeNull()
  })

  it('has the shape of Trivy’s SBOM of an image (the reference in ../shared/fixtures/sbom)', async () => {
    const theirs = JSON.parse(
      await readFile(path.join(FIXTURES, 'sbom/trivy-centos-7.cdx.json'), 'utf8'),
    ) as Bom
    const ours = toCycloneDx(trivy.packages, { image: 'fluentd:latest', findings: trivy.findings }) as Bom
    const shape = (b: Bom) => ({
      top: Object.keys(b)
        .filter((k) => k !== 'vulnerabilities' && k !== '$schema')
        .sort(),
      image: b.metadata.component.type,
      component: Object.keys(b.components.find((c) => c.type === 'library') ?? {})
        .filter((k) => k !== 'licenses')
        .sort(),
      dependsOnComponents: b.dependencies?.some((d) =>
        d.dependsOn?.some((r) => b.components.some((c) => c['bom-ref'] === r)),
      ),
    })
    expect(shape(ours)).toEqual(shape(theirs))
  })

  it('catches an invalid BOM (the validator is not a rubber stamp)', async () => {
    expect(
      await cycloneDxErrors({
        bomFormat: 'CycloneDX',
        specVersion: '1.6',
        components: [{ type: 'library' }],
      }),
    ).not.toBeNull()
  })

  it('describes the image, its packages with purls and licences, and what the image depends on', () => {
    const bom = toCycloneDx(
      [
        pkg('libssl3', '3.0.11-1', {
          licenses: ['Apache-2.0', 'MIT OR Apache-2.0', 'GPLv3+'],
          sourceName: 'openssl',
        }),
        pkg('zlib1g', '1:1.2.13.dfsg-1'),
      ],
      {
        image: 'registry.local:5000/acme/app:1.0',
        timestamp: new Date('2026-01-02T03:04:05Z'),
        serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79',
      },
    ) as Bom
    expect(bom).toMatchObject({
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79',
    })
    expect(bom.metadata.timestamp).toBe('2026-01-02T03:04:05.000Z')
    // As trivy describes an image: a `container` component (registry port kept in the name).
    expect(bom.metadata.component).toMatchObject({
      type: 'container',
      name: 'registry.local:5000/acme/app',
      version: '1.0',
    })
    const ssl = bom.components.find((c) => c.name === 'libssl3')
    expect(ssl?.purl).toBe('pkg:deb/debian/libssl3@3.0.11-1?distro=debian-12')
    // A list cannot mix in an expression (CycloneDX: one expression OR a list), so it is kept as a name.
    expect(ssl?.licenses).toEqual(
      expect.arrayContaining([
        { license: { id: 'Apache-2.0' } },
        { license: { name: 'MIT OR Apache-2.0' } },
        { license: { name: 'GPLv3+' } },
      ]),
    )
    expect(ssl?.properties).toEqual(
      expect.arrayContaining([
        { name: 'postflight:location', value: '/var/lib/dpkg/status' },
        { name: 'postflight:source-package', value: 'openssl' },
      ]),
    )
    const image = bom.dependencies?.find((d) => d.ref === 'image')
    expect(image?.dependsOn?.sort()).toEqual(bom.components.map((c) => c['bom-ref']).sort())
  })

  it('writes a sole compound licence as an SPDX expression', () => {
    const bom = toCycloneDx([pkg('libssl3', '3', { licenses: ['MIT OR Apache-2.0'] })], {
      image: 'x:1',
    }) as Bom
    expect(bom.components[0]?.licenses).toEqual([{ expression: 'MIT OR Apache-2.0' }])
  })

  it('uses the digest as the image version when given', () => {
    const bom = toCycloneDx([], { image: `acme/app@sha256:${'c'.repeat(64)}` }) as Bom
    expect(bom.metadata.component).toMatchObject({ name: 'acme/app', version: `sha256:${'c'.repeat(64)}` })
  })

  it('gives a package found twice (two node_modules) two distinct bom-refs', () => {
    const a = {
      ...pkg('ms', '2.1.3'),
      ecosystem: 'npm' as const,
      purl: 'pkg:npm/ms@2.1.3',
      location: '/app/node_modules/ms/package.json',
    }
    const b = { ...a, location: '/app/node_modules/debug/node_modules/ms/package.json' }
    const bom = toCycloneDx([a, b], { image: 'x:1' }) as Bom
    expect(bom.components.map((c) => c['bom-ref']).sort()).toEqual(['pkg:npm/ms@2.1.3', 'pkg:npm/ms@2.1.3#2'])
  })

  it('lists vulnerabilities with ratings, affected components and the fix', () => {
    const bom = toCycloneDx(trivy.packages, { image: 'fluentd:latest', findings: trivy.findings }) as Bom
    const refs = new Set(bom.components.map((c) => c['bom-ref']))
    expect(bom.vulnerabilities?.map((v) => v.id).sort()).toEqual([
      'CVE-2019-18224',
      'CVE-2019-18276',
      'CVE-2020-8165',
    ])
    for (const v of bom.vulnerabilities ?? []) {
      for (const a of v.affects) expect(refs.has(a.ref), `${v.id} affects ${a.ref}`).toBe(true)
    }
    const idn = bom.vulnerabilities?.find((v) => v.id === 'CVE-2019-18224')
    expect(idn?.ratings[0]).toMatchObject({ severity: 'critical', score: 9.8, method: 'CVSSv31' })
    expect(idn?.affects[0]?.versions).toEqual([{ version: '2.0.5-1', status: 'affected' }])
    expect(idn?.recommendation).toBe('Upgrade to libidn2-0 2.0.5-1+deb10u1.')
    expect(idn?.source?.name).toBe('trivy')
    expect(bom.vulnerabilities?.find((v) => v.id === 'CVE-2019-18276')?.recommendation).toBeUndefined()
  })
})
