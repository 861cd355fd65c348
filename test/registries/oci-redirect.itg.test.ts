import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkRegistries } from '../../actions/verify-artifacts/src/registries/index.ts'
import { OciFake } from './oci-fake.ts'
import { ctx, FAST_RETRY, newSuite, statuses } from './suite.ts'

describe('OCI cross-check with a token service and blob storage on other origins', () => {
  const fake = new OciFake('acme/app', '1.0.0')
  beforeAll(() => fake.start())
  afterAll(() => fake.stop())

  const check = async (username?: string) => {
    fake.requests.length = 0
    const suite = newSuite()
    await checkRegistries(
      suite,
      [],
      new Map(),
      {
        oci: {
          reference: 'registry.example.com/acme/app:1.0.0',
          registry: fake.registryUrl,
          expectDigest: fake.manifestDigest,
          platforms: ['linux/arm/v7'],
          ...(username ? { username, password: 'hunter22' } : {}),
        },
        retry: FAST_RETRY,
      },
      ctx,
    )
    return suite.checks
  }

  it('reads a Docker schema 2 image, its platform from a config blob served by storage', async () => {
    expect(statuses(await check())).toEqual({
      'registry:oci:registry.example.com/acme/app:1.0.0': 'pass',
      'registry:oci:digest': 'pass',
      'registry:oci:platform:linux/arm/v7': 'pass',
    })
    expect(fake.requests.map((r) => r.host)).toEqual(['registry', 'auth', 'registry', 'registry', 'storage'])
  })

  it('sends the Bearer token to the registry only, and the credentials to the token service only', async () => {
    await check('ci')
    const by = (host: string) => fake.requests.filter((r) => r.host === host).map((r) => r.authorization)
    expect(by('auth')).toEqual([`Basic ${Buffer.from('ci:hunter22').toString('base64')}`])
    expect(by('registry')).toEqual([
      undefined,
      'Bearer fake-registry-token-0123456789',
      expect.stringMatching(/^Bearer /),
    ])
    expect(by('storage')).toEqual([undefined])
  })

  it('retries a 502 and records the attempts', async () => {
    fake.manifestFailures = 1
    const [resolved] = await check()
    expect(resolved).toMatchObject({ status: 'pass', attempts: 2, flaky: true })
  })
})
