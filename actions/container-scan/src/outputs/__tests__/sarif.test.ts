import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { FIXTURES } from '../../../../../test/helpers/paths.ts'
import type { Finding, InventoryPackage } from '../../types.ts'
import { matchPackages } from '../../vuln/match.ts'
import { loadOsvDatabase } from '../../vuln/osv-load.ts'
import { parseTrivyReport } from '../../vuln/trivy.ts'
import { toSarif } from '../sarif.ts'
import { sarifValidator } from './schemas.ts'

interface SarifLog {
  version: string
  runs: {
    tool: {
      driver: {
        name: string
        rules: {
          id: string
          help: { text: string; markdown: string }
          properties: Record<string, unknown>
          defaultConfiguration: { level: string }
        }[]
      }
    }
    automationDetails?: { id: string }
    results: {
      ruleId: string
      ruleIndex: number
      level: string
      message: { text: string }
      locations: { physicalLocation: { artifactLocation: { uri: string } } }[]
      partialFingerprints: Record<string, string>
    }[]
  }[]
}

const pkg = (name: string, version: string, location: string): InventoryPackage => ({
  name,
  version,
  ecosystem: 'npm',
  purl: `pkg:npm/${name}@${version}`,
  licenses: ['MIT'],
  location,
})

let osvFindings: Finding[]
let trivyFindings: Finding[]
beforeAll(async () => {
  const db = await loadOsvDatabase(path.join(FIXTURES, 'osv'))
  osvFindings = matchPackages(
    [
      pkg('lodash', '4.17.20', '/app/node_modules/lodash/package.json'),
      pkg('lodash-es', '4.17.20', '/app/node_modules/lodash-es/package.json'),
      {
        ...pkg('requests', '2.30.0', '/usr/lib/python3/dist-packages/requests-2.30.0.dist-info/METADATA'),
        ecosystem: 'PyPI',
      },
      { ...pkg('chromium', '120.0-1', '/var/lib/dpkg/status'), ecosystem: 'Debian', distroVersion: '11' },
    ],
    db,
  )
  const report = JSON.parse(await readFile(path.join(FIXTURES, 'trivy/alpine-310.json'), 'utf8'))
  trivyFindings = parseTrivyReport(report, 'alpine-310.json').findings
})

describe('toSarif', () => {
  it('writes a log the SARIF 2.1.0 schema accepts, for OSV findings and for Trivy findings', async () => {
    const validate = await sarifValidator()
    const cases: [Finding[], 'postflight' | 'trivy' | 'grype'][] = [
      [osvFindings, 'postflight'],
      [trivyFindings, 'trivy'],
      [[], 'grype'],
    ]
    for (const [findings, tool] of cases) {
      const log = toSarif(findings, { image: 'ghcr.io/acme/app:1.2.3', tool, category: 'container-scan/app' })
      expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true)
    }
  })

  it('has one rule per advisory with help and a security-severity, and one result per finding', () => {
    const log = toSarif(osvFindings, { image: 'ghcr.io/acme/app:1.2.3', tool: 'postflight' }) as SarifLog
    const run = log.runs[0]
    expect(log.version).toBe('2.1.0')
    expect(run?.tool.driver.name).toBe('Postflight container-scan')
    expect(run?.tool.driver.rules.map((r) => r.id)).toEqual([
      'CVE-2024-3847',
      'GHSA-35jh-r3h4-6jhm',
      'GHSA-j8r2-6x86-q33q',
    ])
    const lodash = run?.tool.driver.rules[1]
    expect(lodash?.properties['security-severity']).toBe('7.2')
    expect(lodash?.defaultConfiguration.level).toBe('error')
    expect(lodash?.help.text).toContain('Packages: lodash, lodash-es')
    expect(lodash?.help.markdown).toContain('| high | lodash, lodash-es | 4.17.21 |')
    // A rating without a score still ranks: low → a score in the low band.
    expect(run?.tool.driver.rules[0]?.properties['security-severity']).toBe('2.0')
    expect(run?.results).toHaveLength(osvFindings.length)
    for (const r of run?.results ?? []) expect(run?.tool.driver.rules[r.ruleIndex]?.id).toBe(r.ruleId)
    const result = run?.results.find((r) => r.ruleId === 'GHSA-j8r2-6x86-q33q')
    expect(result?.level).toBe('warning')
    expect(result?.message.text).toBe(
      'requests@2.30.0 in ghcr.io/acme/app:1.2.3 is affected by GHSA-j8r2-6x86-q33q (medium 6.1). Fixed in 2.31.0.',
    )
    // Code scanning needs a relative uri: the package's file inside the image.
    expect(result?.locations[0]?.physicalLocation.artifactLocation.uri).toBe(
      'usr/lib/python3/dist-packages/requests-2.30.0.dist-info/METADATA',
    )
  })

  it('keeps fingerprints across versions and tags, and tells packages apart', () => {
    const fp = (findings: Finding[], image: string) =>
      (toSarif(findings, { image, tool: 'postflight' }) as SarifLog).runs[0]?.results.map(
        (r) => r.partialFingerprints['postflightFinding/v1'],
      )
    const lodash = osvFindings.filter((f) => f.package.name === 'lodash')
    const bumped = lodash.map((f) => ({
      ...f,
      installedVersion: '4.17.19',
      package: { ...f.package, version: '4.17.19' },
    }))
    expect(fp(bumped, 'ghcr.io/acme/app:1.2.4')).toEqual(fp(lodash, 'ghcr.io/acme/app:1.2.3'))
    expect(fp(lodash, 'ghcr.io/acme/app@sha256:abcd')).toEqual(fp(lodash, 'ghcr.io/acme/app:1.2.3'))
    const all = fp(osvFindings, 'ghcr.io/acme/app:1.2.3') ?? []
    expect(new Set(all).size).toBe(all.length)
    expect(fp(lodash, 'ghcr.io/acme/other:1.2.3')).not.toEqual(fp(lodash, 'ghcr.io/acme/app:1.2.3'))
  })

  it('covers the same advisories and levels as Trivy’s own SARIF for the same scan', async () => {
    const theirs = JSON.parse(
      await readFile(path.join(FIXTURES, 'trivy/alpine-310.sarif.json'), 'utf8'),
    ) as SarifLog
    const ours = toSarif(trivyFindings, { image: 'alpine-310', tool: 'trivy' }) as SarifLog
    const summary = (log: SarifLog) => log.runs[0]?.results.map((r) => `${r.ruleId} ${r.level}`).sort()
    expect(summary(ours)).toEqual(summary(theirs))
    expect(ours.runs[0]?.tool.driver.name).toBe('Trivy')
  })

  it('sets the category as runAutomationDetails so several images upload side by side', () => {
    const log = toSarif([], { image: 'a:1', tool: 'postflight', category: 'container-scan/api' }) as SarifLog
    expect(log.runs[0]?.automationDetails?.id).toBe('container-scan/api/')
    expect(
      (toSarif([], { image: 'a:1', tool: 'postflight' }) as SarifLog).runs[0]?.automationDetails,
    ).toBeUndefined()
  })
})
