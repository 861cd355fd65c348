// authorizationFor's refusals that need no server: they happen before any request is sent.
import { describe, expect, it } from 'vitest'
import { authorizationFor } from '../registry-auth.ts'

const ctx = (secrets: string[]) => ({
  repository: 'acme/app',
  credentials: { username: 'ci', password: 'pw-never-sent' },
  signal: AbortSignal.timeout(5000),
  secret: (v: string) => secrets.push(v),
})

describe('authorizationFor', () => {
  it('never sends the credentials of an https registry to a plain-http token service', async () => {
    const bearer = { scheme: 'bearer', params: { realm: 'http://127.0.0.1:9/token', service: 'registry' } }
    await expect(
      authorizationFor(bearer, 'https://registry.example/v2/acme/app/manifests/1', ctx([])),
    ).rejects.toMatchObject({
      code: 'NETWORK',
      message: expect.stringContaining('the token service http://127.0.0.1:9 is not https'),
    })
  })

  it('names a realm that is not a URL', async () => {
    const bearer = { scheme: 'bearer', params: { realm: 'not a url' } }
    await expect(
      authorizationFor(bearer, 'https://registry.example/v2/acme/app/manifests/1', ctx([])),
    ).rejects.toThrow(/token realm "not a url" is not a URL/)
  })

  it('registers the Basic credentials as a secret before anything is sent', async () => {
    const secrets: string[] = []
    const basic = await authorizationFor(
      { scheme: 'basic', params: {} },
      'https://registry.example/v2/acme/app/manifests/1',
      ctx(secrets),
    )
    expect(basic).toBe(`Basic ${Buffer.from('ci:pw-never-sent').toString('base64')}`)
    expect(secrets).toContain(basic)
  })
})
