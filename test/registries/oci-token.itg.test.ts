import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkRegistries, type OciTarget } from '../../actions/verify-artifacts/src/registries/index.ts'
import { DockerRegistry } from './docker-registry.ts'
import { ctx, FAST_RETRY, newSuite, statuses } from './suite.ts'
import { TokenService } from './token-service.ts'

const USER = 'ci'
const PASSWORD = 'registry-test-password'
const BASIC = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`

describe('OCI cross-check through a token service (Bearer challenges)', () => {
  const tokens = new TokenService({ user: USER, password: PASSWORD, privateRepos: ['acme/private'] })
  const registry = new DockerRegistry()
  let publicDigest: string
  let privateDigest: string

  beforeAll(async () => {
    await registry.start(await tokens.start())
    const image = [{ os: 'linux', architecture: 'amd64' }]
    publicDigest = await registry.push('acme/public', '1.0.0', image, `${USER}:${PASSWORD}`)
    privateDigest = await registry.push('acme/private', '1.0.0', image, `${USER}:${PASSWORD}`)
  })
  afterAll(async () => {
    await registry.stop()
    await tokens.stop()
  })

  const secrets: string[] = []
  const check = async (oci: OciTarget) => {
    tokens.requests.length = 0
    secrets.length = 0
    const suite = newSuite()
    const add = (s: string | undefined) => s && secrets.push(s)
    await checkRegistries(suite, [], new Map(), { oci, retry: FAST_RETRY }, { ...ctx, secrets: { add } })
    return suite.checks
  }

  it('pulls a public image with an anonymous token', async () => {
    const reference = `${registry.host}/acme/public:1.0.0`
    const checks = await check({ reference, expectDigest: publicDigest, platforms: ['linux/amd64'] })
    expect(statuses(checks)).toEqual({
      [`registry:oci:${reference}`]: 'pass',
      'registry:oci:digest': 'pass',
      'registry:oci:platform:linux/amd64': 'pass',
    })
    expect(tokens.requests.length).toBeGreaterThan(0)
    expect(tokens.requests.every((r) => r.authorization === undefined)).toBe(true)
    expect(tokens.requests[0]?.query).toContain('scope=repository%3Aacme%2Fpublic%3Apull')
  })

  it('sends the credentials to the token service, and pulls a private image with its token', async () => {
    const reference = `${registry.host}/acme/private:1.0.0`
    const checks = await check({ reference, expectDigest: privateDigest, username: USER, password: PASSWORD })
    expect(statuses(checks)).toEqual({ [`registry:oci:${reference}`]: 'pass', 'registry:oci:digest': 'pass' })
    expect(tokens.requests.map((r) => r.authorization)).toEqual([BASIC])
    // The password, the Basic header made from it and the token it bought never reach a log.
    expect(secrets).toEqual([PASSWORD, BASIC, expect.stringMatching(/^ey/)])
  })

  it('records an error, not a failed release, when the token does not grant the pull', async () => {
    const reference = `${registry.host}/acme/private:1.0.0`
    const checks = await check({ reference, expectDigest: privateDigest })
    expect(statuses(checks)).toEqual({
      [`registry:oci:${reference}`]: 'error',
      'registry:oci:digest': 'skip',
    })
    expect(checks[0]?.message).toContain('the token obtained was not accepted')
  })
})
