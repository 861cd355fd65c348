import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkRegistries } from '../../actions/verify-artifacts/src/registries/index.ts'
import { cratesFake } from './crates-fake.ts'
import type { JsonFake } from './json-fake.ts'
import { ReleaseDir } from './release-dir.ts'
import { byId, ctx, DOWN, FAST_RETRY, newSuite, statuses } from './suite.ts'

const CRATE = Buffer.from('crate bytes')

describe('crates.io cross-check against a loopback API', () => {
  const crates: JsonFake = cratesFake([
    { crate: 'demo', version: '1.0.0', data: CRATE },
    { crate: 'demo', version: '0.9.0', data: Buffer.from('old'), yanked: true },
    { crate: 'demo', version: '1.1.0', data: Buffer.from('published from another tree') },
  ])
  const release = new ReleaseDir()

  beforeAll(async () => {
    await crates.start()
    await release.create({
      'demo-1.0.0.crate': CRATE,
      'demo-0.9.0.crate': Buffer.from('old'),
      'demo-1.1.0.crate': Buffer.from('what the release built'),
    })
  })
  afterAll(async () => {
    await crates.stop()
    await release.remove()
  })

  const check = async (version: string, api = crates.url, files = release.files) => {
    const suite = newSuite()
    await checkRegistries(
      suite,
      files,
      release.table,
      { crates: { api, crate: 'demo', version }, retry: FAST_RETRY },
      ctx,
    )
    return suite.checks
  }

  it('passes a published version whose .crate is the release one, saying who asks', async () => {
    const checks = await check('1.0.0')
    expect(statuses(checks)).toEqual({
      'registry:crates:demo@1.0.0': 'pass',
      'registry:crates:checksum': 'pass',
    })
    expect(byId(checks, 'registry:crates:checksum').evidence).toMatchObject({ file: 'demo-1.0.0.crate' })
    expect(crates.requests.at(-1)?.headers['user-agent']).toMatch(/^postflight/)
  })

  it('fails a .crate that is not the one crates.io serves', async () => {
    const checks = await check('1.1.0')
    expect(byId(checks, 'registry:crates:checksum')).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(/crates\.io records [0-9a-f]{64}, the release's file has [0-9a-f]{64}/),
    })
  })

  it('warns about a yanked version and still compares its bytes', async () => {
    expect(statuses(await check('0.9.0'))).toEqual({
      'registry:crates:demo@0.9.0': 'warn',
      'registry:crates:checksum': 'pass',
    })
  })

  it('fails a version that is not published, and skips the checksum', async () => {
    const checks = await check('2.0.0')
    expect(statuses(checks)).toEqual({
      'registry:crates:demo@2.0.0': 'fail',
      'registry:crates:checksum': 'skip',
    })
  })

  it('skips the checksum when the release attaches no .crate', async () => {
    const checks = await check('1.0.0', crates.url, [])
    expect(byId(checks, 'registry:crates:checksum')).toMatchObject({
      status: 'skip',
      message: 'the release attaches no demo-1.0.0.crate (or a single .crate)',
    })
  })

  it('records an error when crates.io is down', async () => {
    expect(statuses(await check('1.0.0', DOWN))).toEqual({
      'registry:crates:demo@1.0.0': 'error',
      'registry:crates:checksum': 'skip',
    })
  })
})
