import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { type Check, executeSuite } from '@postflight/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { baseLayer, releaseImages, writeImageLayout } from '../../../../test/helpers/oci-images.ts'
import { FIXTURES } from '../../../../test/helpers/paths.ts'
import { scanSpec } from '../index.ts'

const statuses = (checks: readonly Check[]) => Object.fromEntries(checks.map((c) => [c.id, c.status]))

describe('containerScan', () => {
  let tmp: string
  let layout: string

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'scan-engine-'))
    layout = (await writeImageLayout(path.join(tmp, 'layout'), '1.2.3', releaseImages('1.2.3'))).dir
  })
  afterAll(() => rm(tmp, { recursive: true, force: true }))

  const scan = async (raw: Record<string, string>) => {
    const execution = await executeSuite(scanSpec, {
      raw: { 'results-dir': await mkdtemp(path.join(tmp, 'run-')), ...raw },
      style: 'cli',
      sink: () => {},
    })
    return { execution, checks: execution.result.checks }
  }

  it.each([
    [{ image: 'a:1', archive: 'x.tar' }, /inputs 'image' and 'archive' name two images/],
    [{}, /nothing to scan: give 'image'/],
    [{ 'trivy-report': 'r.json', scanner: 'trivy' }, /input 'scanner' needs 'image' or 'archive'/],
    [{ archive: 'x', platforms: 'linux' }, /input 'platforms': 'linux' is not a platform/],
    [{ archive: 'x', scanner: 'clair' }, /--scanner/],
    [{ archive: 'x', 'severity-threshold': 'severe' }, /--severity-threshold/],
    [{ archive: 'x', policy: 'user: root' }, /input 'policy': unknown rule: user/],
    [{ archive: path.join(os.tmpdir(), 'no-such-archive.tar') }, /input 'archive': .* does not exist/],
    [{ image: '127.0.0.1:9/acme/app:1', 'registry-username': 'ci' }, /input 'registry-password' is required/],
    [{ image: 'Acme/App:1' }, /input 'image': 'Acme\/App:1' has no valid repository name/],
  ])('refuses bad inputs %j (exit 2, naming the input)', async (raw, why) => {
    const { execution } = await scan(raw as Record<string, string>)
    expect(execution.exitCode).toBe(2)
    expect(execution.error?.message).toMatch(why)
  })

  it('gates on an existing trivy report alone, and writes an SBOM of its packages', async () => {
    const sbom = path.join(tmp, 'trivy.cdx.json')
    const report = path.join(FIXTURES, 'trivy', 'alpine-310.json')
    const critical = await scan({ 'trivy-report': report, 'sbom-file': sbom })
    expect(statuses(critical.checks)).toEqual({ 'vulnerabilities:trivy': 'pass', 'output:sbom': 'pass' })
    expect(JSON.parse(await readFile(sbom, 'utf8')).components.length).toBeGreaterThan(0)
    const medium = await scan({ 'trivy-report': report, 'severity-threshold': 'medium' })
    expect(medium.checks[0]).toMatchObject({
      id: 'vulnerabilities:trivy',
      status: 'fail',
      message: expect.stringMatching(/^4 at or above medium/),
    })
    expect(medium.execution.exitCode).toBe(1)
  })

  it('gates on an existing grype report; ignore-unfixed lets an unfixed critical pass', async () => {
    const report = path.join(FIXTURES, 'grype', 'TestJsonImgsPresenter.json')
    const strict = await scan({ 'grype-report': report })
    expect(strict.checks[0]).toMatchObject({
      id: 'vulnerabilities:grype',
      status: 'fail',
      message: expect.stringMatching(
        /^1 at or above critical: CVE-1999-0002 in package-2@\S+ \(critical, no fix\)/,
      ),
    })
    const unfixed = await scan({ 'grype-report': report, 'ignore-unfixed': 'true' })
    expect(unfixed.checks[0]).toMatchObject({ id: 'vulnerabilities:grype', status: 'pass' })
    expect(unfixed.execution.exitCode).toBe(0)
  })

  it('ignores a finding until its entry expires, and fails an expired entry loudly', async () => {
    const ignore = path.join(tmp, 'ignore.yml')
    await writeFile(
      ignore,
      [
        '- id: CVE-2021-23337',
        '  package: lodash',
        '  reason: the template function is not used',
        '  expires: 2999-01-01',
        '- id: CVE-2000-0001',
        '  reason: was a false positive',
        '  expires: 2020-01-01',
      ].join('\n'),
    )
    const base = {
      archive: layout,
      platforms: 'linux/arm64',
      'osv-db': path.join(FIXTURES, 'osv'),
      'severity-threshold': 'high',
    }
    expect(statuses((await scan(base)).checks)['vulnerabilities:linux/arm64']).toBe('fail')
    const { checks } = await scan({ ...base, 'ignore-file': ignore })
    expect(statuses(checks)).toMatchObject({ 'vulnerabilities:linux/arm64': 'pass', 'ignore-file': 'fail' })
    expect(checks.find((c) => c.id === 'vulnerabilities:linux/arm64')?.message).toBe(
      'none at or above high (0 findings, 1 ignored)',
    )
    expect(checks.find((c) => c.id === 'ignore-file')?.message).toMatch(
      /^1 ignore has expired in .*: CVE-2000-0001 on 2020-01-01/,
    )
  })

  it('reaches the same verdict whatever output files are asked for', async () => {
    const base = { archive: layout, 'osv-db': path.join(FIXTURES, 'osv'), 'severity-threshold': 'high' }
    const plain = await scan(base)
    const withFiles = await scan({
      ...base,
      'sarif-file': path.join(tmp, 'v.sarif'),
      'sbom-file': path.join(tmp, 'v.cdx.json'),
    })
    expect(withFiles.execution.exitCode).toBe(plain.execution.exitCode)
    expect(withFiles.execution.result.status).toBe(plain.execution.result.status)
    const vulnerabilities = (checks: readonly Check[]) =>
      checks.filter((c) => c.id.startsWith('vulnerabilities'))
    expect(vulnerabilities(withFiles.checks).map((c) => [c.id, c.status])).toEqual(
      vulnerabilities(plain.checks).map((c) => [c.id, c.status]),
    )
  })

  it('says so when no vulnerability source is given, and counts packages and findings as metrics', async () => {
    const { checks, execution } = await scan({ archive: layout, platforms: 'linux/arm/v7' })
    expect(checks.find((c) => c.id === 'vulnerabilities')).toMatchObject({ status: 'skip' })
    expect(execution.result.metrics).toMatchObject({
      packages: { value: 2 },
      findings: { value: 0 },
      'findings-critical': { value: 0 },
    })
  })

  it('checks a platform asked twice once, and tells two images of one platform apart', async () => {
    const twice = await scan({ archive: layout, platforms: 'linux/amd64\nlinux/amd64,linux/arm64' })
    expect(twice.checks.filter((c) => c.id.startsWith('platform:')).map((c) => c.id)).toEqual([
      'platform:linux/amd64',
      'platform:linux/arm64',
    ])
    const same = await writeImageLayout(path.join(tmp, 'same'), '1', [
      { os: 'linux', architecture: 'amd64', layers: [baseLayer()] },
      { os: 'linux', architecture: 'amd64', layers: [baseLayer(), { 'etc/motd': 'second' }] },
    ])
    const { checks } = await scan({ archive: same.dir })
    expect(checks.filter((c) => c.id.startsWith('inventory:')).map((c) => [c.id, c.status])).toEqual([
      ['inventory:linux/amd64', 'pass'],
      ['inventory:linux/amd64#2', 'pass'],
    ])
    expect(checks[0]?.title).toBe('The image archive can be read')
  })

  it('reports the bytes of each layer read as progress', async () => {
    const events: Array<{ label: string; done: number; total?: number }> = []
    await executeSuite(scanSpec, {
      raw: {
        archive: layout,
        platforms: 'linux/arm/v7',
        'results-dir': await mkdtemp(path.join(tmp, 'run-')),
      },
      style: 'cli',
      sink: () => {},
      progress: (p) => events.push(p),
    })
    const last = events.at(-1)
    expect(last?.label).toBe('linux/arm/v7 layer 1/1')
    expect(last?.done).toBe(last?.total)
    expect(last?.total).toBeGreaterThan(1_000_000)
  })
})
