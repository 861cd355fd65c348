import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  checkRegistries,
  type RegistryDigests,
  type RegistryFile,
} from '../../actions/verify-artifacts/src/registries/index.ts'
import { byId, ctx, DOWN, FAST_RETRY, newSuite, releaseFile, statuses } from './suite.ts'
import { Verdaccio } from './verdaccio.ts'

describe('npm cross-check against a real verdaccio', () => {
  const registry = new Verdaccio()
  let dir: string
  let tarball: { file: RegistryFile; digests: Record<string, string> }
  let scoped: { file: RegistryFile; digests: Record<string, string> }
  let privatePkg: { file: RegistryFile; digests: Record<string, string> }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'npm-release-'))
    await registry.start()
    tarball = await releaseFile(await registry.packAndPublish('demo-pkg', '1.2.3', dir))
    scoped = await releaseFile(await registry.packAndPublish('@acme/tool', '2.0.0', dir))
    privatePkg = await releaseFile(await registry.packAndPublish('@private/lib', '0.1.0', dir))
  })
  afterAll(async () => {
    await registry.stop()
    await rm(dir, { recursive: true, force: true })
  })

  const table = (
    ...entries: Array<{ file: RegistryFile; digests: Record<string, string> }>
  ): RegistryDigests => new Map(entries.map((e) => [e.file.name, e.digests]))

  describe('when the release attaches the published tarball', () => {
    it('passes the version and its integrity, hashing sha512 the engine did not compute', async () => {
      const suite = newSuite()
      await checkRegistries(
        suite,
        [tarball.file],
        table(tarball),
        { npm: { registry: registry.url, package: 'demo-pkg', version: '1.2.3' } },
        ctx,
      )
      expect(statuses(suite.checks)).toEqual({
        'registry:npm:demo-pkg@1.2.3': 'pass',
        'registry:npm:integrity': 'pass',
        'registry:npm:attestations': 'skip',
      })
      const sha512 = createHash('sha512')
        .update(await readFile(tarball.file.path))
        .digest('base64')
      expect(byId(suite.checks, 'registry:npm:integrity').evidence).toMatchObject({
        file: 'demo-pkg-1.2.3.tgz',
        algorithm: 'sha512',
        registry: `sha512-${sha512}`,
      })
    })

    it('finds a scoped package and its `npm pack` name among other .tgz files', async () => {
      const suite = newSuite()
      await checkRegistries(
        suite,
        [tarball.file, scoped.file],
        table(tarball, scoped),
        { npm: { registry: `${registry.url}/`, package: '@acme/tool', version: '2.0.0' } },
        ctx,
      )
      expect(statuses(suite.checks)).toMatchObject({
        'registry:npm:@acme/tool@2.0.0': 'pass',
        'registry:npm:integrity': 'pass',
      })
      expect(byId(suite.checks, 'registry:npm:integrity').evidence).toMatchObject({
        file: 'acme-tool-2.0.0.tgz',
      })
    })

    it('warns when attestations are asked for and none were published', async () => {
      const suite = newSuite()
      const npm = { registry: registry.url, package: 'demo-pkg', version: '1.2.3', requireAttestations: true }
      await checkRegistries(suite, [tarball.file], table(tarball), { npm }, ctx)
      expect(byId(suite.checks, 'registry:npm:attestations')).toMatchObject({
        status: 'warn',
        message: expect.stringContaining('--provenance'),
      })
    })
  })

  describe('when the release tarball is not the published one', () => {
    it('fails the integrity check naming both digests', async () => {
      const other = path.join(dir, 'other', 'demo-pkg-1.2.3.tgz')
      await mkdir(path.dirname(other), { recursive: true })
      await writeFile(other, Buffer.concat([await readFile(tarball.file.path), Buffer.from([0])]))
      const changed = await releaseFile(other)
      const suite = newSuite()
      await checkRegistries(
        suite,
        [changed.file],
        table(changed),
        { npm: { registry: registry.url, package: 'demo-pkg', version: '1.2.3' } },
        ctx,
      )
      const check = byId(suite.checks, 'registry:npm:integrity')
      expect(check.status).toBe('fail')
      expect(check.message).toMatch(/is not the tarball npm serves: the registry's sha512 is [0-9a-f]{128}/)
    })

    it('uses the sha512 the engine already has rather than hashing again', async () => {
      const suite = newSuite()
      const wrong = { ...tarball.digests, sha512: '00'.repeat(64) }
      await checkRegistries(
        suite,
        [tarball.file],
        new Map([[tarball.file.name, wrong]]),
        { npm: { registry: registry.url, package: 'demo-pkg', version: '1.2.3' } },
        ctx,
      )
      expect(byId(suite.checks, 'registry:npm:integrity').status).toBe('fail')
    })
  })

  describe('when the version or the package is not published', () => {
    it.each([
      ['demo-pkg', '9.9.9', /has demo-pkg but not version 9\.9\.9 \(latest is 1\.2\.3\)/],
      ['never-published', '1.0.0', /has no package never-published/],
    ])('fails %s@%s and skips the byte checks', async (pkg, version, message) => {
      const suite = newSuite()
      await checkRegistries(
        suite,
        [tarball.file],
        table(tarball),
        { npm: { registry: registry.url, package: pkg, version } },
        ctx,
      )
      expect(statuses(suite.checks)).toEqual({
        [`registry:npm:${pkg}@${version}`]: 'fail',
        'registry:npm:integrity': 'skip',
        'registry:npm:attestations': 'skip',
      })
      expect(suite.checks[0]?.message).toMatch(message)
    })
  })

  describe('when the release attaches no tarball', () => {
    it('skips the integrity check naming the file it looked for', async () => {
      const suite = newSuite()
      await checkRegistries(
        suite,
        [],
        new Map(),
        { npm: { registry: registry.url, package: 'demo-pkg', version: '1.2.3' } },
        ctx,
      )
      expect(byId(suite.checks, 'registry:npm:integrity')).toMatchObject({
        status: 'skip',
        message: expect.stringContaining('demo-pkg-1.2.3.tgz'),
      })
    })
  })

  describe('when the registry is private', () => {
    const npm = () => ({ registry: registry.url, package: '@private/lib', version: '0.1.0' })

    it('reads it with npm-token, and registers the token as a secret first', async () => {
      const suite = newSuite()
      const secrets: string[] = []
      await checkRegistries(
        suite,
        [privatePkg.file],
        table(privatePkg),
        { npm: { ...npm(), token: registry.token } },
        { ...ctx, secrets: { add: (s) => s && secrets.push(s) } },
      )
      expect(statuses(suite.checks)).toMatchObject({
        'registry:npm:@private/lib@0.1.0': 'pass',
        'registry:npm:integrity': 'pass',
      })
      expect(secrets).toEqual([registry.token])
    })

    it('records an error naming the missing token without one', async () => {
      const suite = newSuite()
      await checkRegistries(suite, [privatePkg.file], table(privatePkg), { npm: npm() }, ctx)
      expect(suite.checks[0]).toMatchObject({
        status: 'error',
        message: expect.stringMatching(/HTTP 40[13].*give npm-token$/),
      })
    })
  })

  describe('when the registry is down', () => {
    it('records an error, not a failed release', async () => {
      const suite = newSuite()
      await checkRegistries(
        suite,
        [tarball.file],
        table(tarball),
        { npm: { registry: DOWN, package: 'demo-pkg', version: '1.2.3' }, retry: FAST_RETRY },
        ctx,
      )
      expect(statuses(suite.checks)).toEqual({
        'registry:npm:demo-pkg@1.2.3': 'error',
        'registry:npm:integrity': 'skip',
        'registry:npm:attestations': 'skip',
      })
    })
  })
})
