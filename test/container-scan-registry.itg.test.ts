// container-scan against a real distribution registry on loopback (Debian's docker-registry), with
// multi-arch images written by hand and pushed by skopeo: no daemon, no image from the internet.
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { scanSpec } from '@postflight/container-scan'
import { type Check, executeSuite } from '@postflight/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pushLayout, releaseImages, type WrittenLayout, writeImageLayout } from './helpers/oci-images.ts'
import { FIXTURES } from './helpers/paths.ts'
import { DockerRegistry } from './registries/docker-registry.ts'
import { OciFake } from './registries/oci-fake.ts'

const statuses = (checks: readonly Check[]) => Object.fromEntries(checks.map((c) => [c.id, c.status]))
const byId = (checks: readonly Check[], id: string) => checks.find((c) => c.id === id) as Check

describe('container-scan reading a registry', () => {
  const registry = new DockerRegistry()
  let tmp: string
  let layout: WrittenLayout

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'scan-registry-'))
    await registry.start()
    layout = await writeImageLayout(path.join(tmp, 'layout'), '1.2.3', releaseImages('1.2.3'))
    await pushLayout(layout, registry.host, 'acme/app', '1.2.3')
    await pushLayout(layout, registry.host, 'acme/docker-format', '1.2.3', undefined, 'v2s2')
  }, 60_000)
  afterAll(async () => {
    await registry.stop()
    await rm(tmp, { recursive: true, force: true })
  })

  const scan = async (raw: Record<string, string>) => {
    const out = await mkdtemp(path.join(tmp, 'run-'))
    const logs: string[] = []
    const execution = await executeSuite(scanSpec, {
      raw: { 'results-dir': out, ...raw },
      style: 'cli',
      sink: (r) => logs.push(r.message),
    })
    return { execution, checks: execution.result.checks, out, logs }
  }

  it('scans every platform of a multi-arch image: inventory through whiteouts, policy, OSV gate, SARIF and SBOM', async () => {
    const image = `${registry.host}/acme/app:1.2.3`
    const { execution, checks } = await scan({
      image,
      platforms: 'linux/amd64,linux/arm64\nlinux/arm/v7',
      tag: 'v1.2.3',
      'osv-db': path.join(FIXTURES, 'osv'),
      'severity-threshold': 'high',
      policy: 'ports: { allow: [8080] }\nlicenses: { deny: [WTFPL] }',
    })
    expect(statuses(checks)).toMatchObject({
      [`image:${image}`]: 'pass',
      'platform:linux/amd64': 'pass',
      'platform:linux/arm64': 'pass',
      'platform:linux/arm/v7': 'pass',
      'inventory:linux/amd64': 'pass',
      'inventory:linux/arm64': 'pass',
      'inventory:linux/arm/v7': 'pass',
      'policy:non-root:linux/amd64': 'pass',
      'policy:healthcheck:linux/amd64': 'pass',
      'policy:ports:linux/amd64': 'pass',
      'policy:labels:linux/arm64': 'pass',
      'policy:secrets:linux/arm/v7': 'pass',
      // left-pad is WTFPL, on every platform with the application layer.
      'policy:licenses:linux/amd64': 'fail',
      'policy:licenses:linux/arm/v7': 'pass',
      // amd64 deleted lodash with a whiteout; arm64 still ships lodash 4.17.20 (GHSA-35jh-r3h4-6jhm, high).
      'vulnerabilities:linux/amd64': 'pass',
      'vulnerabilities:linux/arm64': 'fail',
      'vulnerabilities:linux/arm/v7': 'pass',
    })
    expect(byId(checks, `image:${image}`).evidence).toMatchObject({
      digest: layout.digest,
      source: 'registry',
    })
    expect(byId(checks, 'inventory:linux/amd64').message).toBe(
      '5 packages (Debian 2, npm 2, PyPI 1) on Debian GNU/Linux 12 (bookworm)',
    )
    expect(byId(checks, 'inventory:linux/arm64').message).toBe(
      '8 packages (Debian 2, npm 3, PyPI 1, Alpine 2) on Debian GNU/Linux 12 (bookworm)',
    )
    expect(byId(checks, 'vulnerabilities:linux/arm64').message).toMatch(
      /^1 at or above high: GHSA-35jh-r3h4-6jhm in lodash@4\.17\.20 \(high, fixed in 4\.17\.21\)/,
    )
    expect(execution.exitCode).toBe(1)
    expect(execution.result.metrics?.packages?.value).toBe(15)
  }, 60_000)

  it('writes SARIF and a CycloneDX SBOM whose contents match the inventory and findings', async () => {
    const sarif = path.join(tmp, 'out.sarif')
    const sbom = path.join(tmp, 'out.cdx.json')
    const { execution } = await scan({
      image: `${registry.host}/acme/app:1.2.3`,
      platforms: 'linux/arm64',
      'osv-db': path.join(FIXTURES, 'osv'),
      'sarif-file': sarif,
      'sbom-file': sbom,
    })
    // lodash's finding is high and the default threshold is critical: reported, not blocking.
    expect(execution.result.checks.find((c) => c.id === 'vulnerabilities:linux/arm64')?.status).toBe('pass')
    const sarifJson = JSON.parse(await readFile(sarif, 'utf8'))
    expect(sarifJson.version).toBe('2.1.0')
    expect(sarifJson.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toEqual([
      'GHSA-35jh-r3h4-6jhm',
    ])
    const bom = JSON.parse(await readFile(sbom, 'utf8'))
    expect(bom.bomFormat).toBe('CycloneDX')
    expect(bom.components.map((c: { purl: string }) => c.purl).sort()).toEqual([
      'pkg:apk/alpine/busybox@1.36.1-r15?arch=x86_64',
      'pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64',
      'pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12&upstream=openssl',
      'pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64&distro=debian-12&upstream=zlib',
      'pkg:npm/%40acme/util@2.0.0',
      'pkg:npm/left-pad@1.3.0',
      'pkg:npm/lodash@4.17.20',
      'pkg:pypi/requests@2.31.0',
    ])
  }, 60_000)

  it('fails a platform the image does not have, naming the ones it has', async () => {
    const { checks, execution } = await scan({
      image: `${registry.host}/acme/app:1.2.3`,
      platforms: 'linux/s390x',
    })
    expect(byId(checks, 'platform:linux/s390x')).toMatchObject({
      status: 'fail',
      message: `${registry.host}/acme/app:1.2.3 has no linux/s390x image; it has linux/amd64, linux/arm64, linux/arm/v7`,
    })
    expect(checks.some((c) => c.id.startsWith('inventory:'))).toBe(false)
    expect(execution.exitCode).toBe(1)
  })

  it('reads an image by digest, and one platform manifest alone', async () => {
    const { checks } = await scan({ image: `${registry.host}/acme/app@${layout.digest}` })
    expect(checks.filter((c) => c.id.startsWith('inventory:')).map((c) => c.id)).toEqual([
      'inventory:linux/amd64',
      'inventory:linux/arm64',
      'inventory:linux/arm/v7',
    ])
    const single = await scan({ image: `${registry.host}/acme/app@${layout.manifests[1]}` })
    expect(byId(single.checks, 'inventory:linux/arm64').status).toBe('pass')
  })

  it("reads Docker's manifest list and manifests as well as OCI's", async () => {
    const { checks, execution } = await scan({ image: `${registry.host}/acme/docker-format:1.2.3` })
    expect(checks[0]?.message).toMatch(/\(index\): linux\/amd64, linux\/arm64, linux\/arm\/v7$/)
    expect(checks[0]?.evidence?.digest).not.toBe(layout.digest)
    expect(checks.filter((c) => c.id.startsWith('inventory:')).map((c) => [c.id, c.status])).toEqual([
      ['inventory:linux/amd64', 'pass'],
      ['inventory:linux/arm64', 'pass'],
      ['inventory:linux/arm/v7', 'pass'],
    ])
    expect(execution.result.metrics?.packages?.value).toBe(15)
  })

  it('fails a tag that is not published', async () => {
    const { checks, execution } = await scan({ image: `${registry.host}/acme/app:9.9.9` })
    expect(checks[0]).toMatchObject({ id: `image:${registry.host}/acme/app:9.9.9`, status: 'fail' })
    expect(checks[0]?.message).toMatch(/not found \(HTTP 404\)/)
    expect(execution.exitCode).toBe(1)
  })

  it('could not do its job when the registry is down: exit 2, never a pass', async () => {
    const { execution } = await scan({ image: '127.0.0.1:9/acme/app:1.2.3' })
    expect(execution.exitCode).toBe(2)
    expect(execution.result.status).toBe('error')
  }, 60_000)
})

describe('container-scan with storage and a token service on other origins', () => {
  const fake = new OciFake('acme/app', '1.0.0')
  beforeAll(() => fake.start())
  afterAll(() => fake.stop())

  it('retries a 502, follows blob redirects to storage, and never sends the token there', async () => {
    fake.requests.length = 0
    fake.manifestFailures = 1
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'scan-fake-'))
    const image = `${new URL(fake.registryUrl).host}/acme/app:1.0.0`
    const execution = await executeSuite(scanSpec, {
      raw: { image, 'results-dir': tmp, platforms: 'linux/arm/v7', policy: 'labels: off\nnon-root: off' },
      style: 'cli',
      sink: () => {},
    })
    await rm(tmp, { recursive: true, force: true })
    expect(statuses(execution.result.checks)).toMatchObject({
      [`image:${image}`]: 'pass',
      'platform:linux/arm/v7': 'pass',
      'inventory:linux/arm/v7': 'pass',
    })
    expect(execution.result.checks[0]?.evidence?.digest).toBe(fake.manifestDigest)
    const storage = fake.requests.filter((r) => r.host === 'storage')
    expect(storage.length).toBeGreaterThan(0)
    expect(storage.every((r) => r.authorization === undefined)).toBe(true)
    expect(fake.requests.filter((r) => r.host === 'auth').every((r) => r.authorization === undefined)).toBe(
      true,
    )
  })
})
