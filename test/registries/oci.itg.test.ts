import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkRegistries, type OciTarget } from '../../actions/verify-artifacts/src/registries/index.ts'
import { DockerRegistry } from './docker-registry.ts'
import { ReleaseDir } from './release-dir.ts'
import { byId, ctx, FAST_RETRY, newSuite, statuses } from './suite.ts'

describe('OCI cross-check against a real docker-registry, images pushed with skopeo', () => {
  const registry = new DockerRegistry()
  let multi: string
  let single: string

  beforeAll(async () => {
    await registry.start()
    multi = await registry.push('acme/app', '1.0.0', [
      { os: 'linux', architecture: 'amd64' },
      { os: 'linux', architecture: 'arm64', variant: 'v8' },
    ])
    single = await registry.push('acme/tool', '2.0.0', [{ os: 'linux', architecture: 'amd64' }])
  })
  afterAll(async () => {
    await registry.stop()
  })

  const check = async (
    oci: Omit<OciTarget, 'reference'> & { reference?: string },
    files = new ReleaseDir(),
  ) => {
    const suite = newSuite()
    const reference = oci.reference ?? `${registry.host}/acme/app:1.0.0`
    await checkRegistries(
      suite,
      files.files,
      files.table,
      { oci: { ...oci, reference }, retry: FAST_RETRY },
      ctx,
    )
    return suite.checks
  }

  describe('when the tag is the image the release names', () => {
    it('passes the tag, the digest from the input and every platform of the index', async () => {
      const checks = await check({ expectDigest: multi, platforms: ['linux/amd64', 'linux/arm64'] })
      expect(statuses(checks)).toEqual({
        [`registry:oci:${registry.host}/acme/app:1.0.0`]: 'pass',
        'registry:oci:digest': 'pass',
        'registry:oci:platform:linux/amd64': 'pass',
        'registry:oci:platform:linux/arm64': 'pass',
      })
      expect(checks[0]?.evidence).toMatchObject({
        digest: multi,
        mediaType: 'application/vnd.oci.image.index.v1+json',
      })
    })

    it('reads the digest from an attached digest file', async () => {
      const release = await new ReleaseDir().create({ 'app.digest': Buffer.from(`${multi}\n`) })
      try {
        const checks = await check({}, release)
        expect(byId(checks, 'registry:oci:digest')).toMatchObject({
          status: 'pass',
          evidence: { source: 'app.digest' },
        })
      } finally {
        await release.remove()
      }
    })

    it("reads a single image's platform from its config blob", async () => {
      const checks = await check({
        reference: `${registry.host}/acme/tool:2.0.0`,
        expectDigest: single,
        platforms: ['linux/amd64', 'linux/arm64'],
      })
      expect(statuses(checks)).toEqual({
        [`registry:oci:${registry.host}/acme/tool:2.0.0`]: 'pass',
        'registry:oci:digest': 'pass',
        'registry:oci:platform:linux/amd64': 'pass',
        'registry:oci:platform:linux/arm64': 'fail',
      })
      expect(byId(checks, 'registry:oci:platform:linux/arm64').message).toContain('it offers linux/amd64')
    })
  })

  describe('when the registry has something else', () => {
    it('fails another digest, and a platform the index lacks', async () => {
      const checks = await check({ expectDigest: single, platforms: ['linux/arm/v7', 'linux/arm64/v8'] })
      expect(statuses(checks)).toMatchObject({
        'registry:oci:digest': 'fail',
        'registry:oci:platform:linux/arm/v7': 'fail',
        'registry:oci:platform:linux/arm64/v8': 'pass',
      })
      expect(byId(checks, 'registry:oci:digest').message).toBe(
        `${registry.host}/acme/app:1.0.0 is ${multi}, but input oci-digest names ${single}`,
      )
    })

    it('fails a tag that was never pushed and skips the rest', async () => {
      const reference = `${registry.host}/acme/app:9.9.9`
      const checks = await check({ reference, expectDigest: multi, platforms: ['linux/amd64'] })
      expect(statuses(checks)).toEqual({
        [`registry:oci:${reference}`]: 'fail',
        'registry:oci:digest': 'skip',
        'registry:oci:platform:linux/amd64': 'skip',
      })
    })

    it('skips the digest check when the release names none', async () => {
      const checks = await check({})
      expect(byId(checks, 'registry:oci:digest').status).toBe('skip')
    })
  })

  describe('when the registry is down', () => {
    it('records an error', async () => {
      const checks = await check({ reference: '127.0.0.1:9/acme/app:1.0.0', expectDigest: multi })
      expect(statuses(checks)).toEqual({
        'registry:oci:127.0.0.1:9/acme/app:1.0.0': 'error',
        'registry:oci:digest': 'skip',
      })
    })
  })
})
