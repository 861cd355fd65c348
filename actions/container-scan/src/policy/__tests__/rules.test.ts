import { describe, expect, it } from 'vitest'
import type { PlatformImage } from '../../image/types.ts'
import type { InventoryPackage } from '../../types.ts'
import { loadPolicy } from '../config.ts'
import { evaluatePolicy } from '../index.ts'

function image(
  config: Record<string, unknown>,
  extra: Partial<PlatformImage['config']> = {},
  layerSizes = [1000],
): PlatformImage {
  return {
    platform: 'linux/amd64',
    manifestDigest: 'sha256:m',
    configDigest: 'sha256:c',
    config: { created: '2026-11-01T00:00:00Z', config, ...extra },
    layers: layerSizes.map((size, i) => ({
      mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
      digest: `sha256:${i}`,
      size,
    })),
  }
}

const pkg = (name: string, licenses: string[]): InventoryPackage => ({
  name,
  version: '1.0.0',
  ecosystem: 'npm',
  purl: `pkg:npm/${name}@1.0.0`,
  licenses,
  location: `/app/node_modules/${name}/package.json`,
})

const NOW = new Date('2026-11-26T00:00:00Z')
const GOOD = {
  User: 'app',
  Healthcheck: { Test: ['CMD', '/bin/health'] },
  ExposedPorts: { '8080/tcp': {} },
  Labels: {
    'org.opencontainers.image.source': 'https://github.com/acme/app',
    'org.opencontainers.image.version': '1.2.3',
  },
}

async function run(
  policyText: string,
  img: PlatformImage,
  packages: InventoryPackage[] = [],
  tag = 'v1.2.3',
) {
  const policy = await loadPolicy(policyText)
  const checks = evaluatePolicy(policy, {
    image: img,
    packages,
    tag,
    version: tag.replace(/^v/, ''),
    now: NOW,
    secret: () => {},
  })
  return Object.fromEntries(checks.map((c) => [c.rule, c.outcome]))
}

describe('evaluatePolicy', () => {
  it('passes a well-built image on every rule given its limits', async () => {
    const out = await run(
      'ports: { allow: [8080] }\nsize: { max: 10KB }\nage: { max: 30d }\nlicenses: { allow: [MIT, Apache-2.0] }',
      image(GOOD),
      [pkg('a', ['MIT']), pkg('b', ['MIT OR GPL-3.0-only'])],
    )
    expect(Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.status]))).toEqual({
      'non-root': 'pass',
      healthcheck: 'pass',
      ports: 'pass',
      secrets: 'pass',
      labels: 'pass',
      size: 'pass',
      age: 'pass',
      licenses: 'pass',
    })
  })

  it.each([
    [{ ...GOOD, User: '' }, 'the image sets no USER: it runs as root'],
    [{ ...GOOD, User: 'root' }, 'the image runs as root'],
    [{ ...GOOD, User: '0:0' }, 'the image runs as 0:0'],
  ])('fails a root user %#', async (config, message) => {
    expect((await run('', image(config)))['non-root']).toMatchObject({ status: 'fail', message })
  })

  it('warns (its default level) without a HEALTHCHECK, or with HEALTHCHECK NONE', async () => {
    expect((await run('', image({ ...GOOD, Healthcheck: undefined }))).healthcheck?.status).toBe('warn')
    expect((await run('', image({ ...GOOD, Healthcheck: { Test: ['NONE'] } }))).healthcheck?.message).toMatch(
      /NONE/,
    )
  })

  it('fails a port outside the allowed list and ranges, and skips without a list', async () => {
    const img = image({ ...GOOD, ExposedPorts: { '8080/tcp': {}, '9090/udp': {}, '22/tcp': {} } })
    expect((await run('ports: { allow: [8080, "9000-9100/udp"] }', img)).ports).toMatchObject({
      status: 'fail',
      message: 'exposes 22/tcp, outside 8080, 9000-9100/udp',
    })
    expect((await run('ports: { allow: ["9000-9100/tcp", 22, 8080] }', img)).ports?.message).toMatch(
      /^exposes 9090\/udp/,
    )
    expect((await run('', img)).ports?.status).toBe('skip')
  })

  it('fails a missing source label and a version label that is not the tag', async () => {
    const labels = { 'org.opencontainers.image.version': '1.2.2' }
    expect((await run('', image({ ...GOOD, Labels: labels }))).labels).toMatchObject({
      status: 'fail',
      message:
        'label org.opencontainers.image.source is missing; org.opencontainers.image.version is 1.2.2, the release is 1.2.3',
    })
  })

  it('fails an image over its size budget, and an old image (as a warning by default)', async () => {
    const big = image(GOOD, {}, [6000, 6000])
    expect((await run('size: { max: 10KB }', big)).size).toMatchObject({
      status: 'fail',
      evidence: { bytes: 12000, budget: 10000 },
    })
    const old = image(GOOD, { created: '2026-01-01T00:00:00Z' })
    expect((await run('age: { max: 90d }', old)).age).toMatchObject({
      status: 'warn',
      message: expect.stringMatching(/329 days ago, older than 90 days/),
    })
  })

  it('fails denied licences anywhere in an expression, and licences outside the allow list', async () => {
    const pkgs = [
      pkg('ok', ['MIT']),
      pkg('agpl', ['MIT AND AGPL-3.0-only']),
      pkg('gpl', ['GPL-2.0-only']),
      pkg('unknown', []),
      pkg('odd', ['Some Custom Thing']),
    ]
    const deny = await run('licenses: { deny: [AGPL-3.0-only] }', image(GOOD), pkgs)
    expect(deny.licenses).toMatchObject({ status: 'fail', message: 'denied: agpl@1.0.0 (AGPL-3.0-only)' })
    const allow = await run(
      'licenses: { allow: [MIT, AGPL-3.0-only], fail-on-unknown: true }',
      image(GOOD),
      pkgs,
    )
    expect(allow.licenses?.message).toBe(
      'not allowed: gpl@1.0.0 (GPL-2.0-only); unknown licence: unknown@1.0.0, odd@1.0.0 (Some Custom Thing)',
    )
  })

  it('turns a rule off, or a failure into a warning', async () => {
    const out = await run(
      'non-root: off\nsecrets: warn',
      image({ ...GOOD, User: '', Env: ['DB_PASSWORD=hunter2'] }),
    )
    expect(out['non-root']).toBeUndefined()
    expect(out.secrets?.status).toBe('warn')
  })
})
