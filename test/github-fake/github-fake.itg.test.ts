import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { GithubOpenApi, toJsonSchema } from './openapi.ts'
import { type GithubFake, startGithubFake } from './server.ts'

const asset = (name: string) => ({ name, data: Buffer.from(`bytes of ${name}\n`) })

let fake: GithubFake
beforeAll(async () => {
  fake = await startGithubFake({
    token: 't0ken',
    releases: [
      { tag: 'v1.0.0', assets: Array.from({ length: 120 }, (_, i) => asset(`a${i}.bin`)) },
      { tag: 'v1.1.0', assets: [asset('b.bin'), { ...asset('old.bin'), digest: null }] },
      { tag: 'v2.0.0-rc.1', prerelease: true, assets: [] },
      { tag: 'v2.0.0', draft: true, assets: [] },
    ],
  })
})
afterEach(() => fake.assertConforms())
afterAll(() => fake.close())

interface ReleaseJson {
  id: number
  tag_name: string
  draft: boolean
  assets: Array<{ id: number; digest: string | null }>
}

const release = async (path: string): Promise<ReleaseJson> => (await get(path)).json() as Promise<ReleaseJson>

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${fake.apiUrl}/repos/acme/app${path}`, { headers, redirect: 'manual' })

describe('the GitHub fake', () => {
  test('answers latest with the newest published non-prerelease', async () => {
    expect((await release('/releases/latest')).tag_name).toBe('v1.1.0')
  })

  test('pages lists with per_page and a Link header', async () => {
    const v1 = await release('/releases/tags/v1.0.0')
    const first = await get(`/releases/${v1.id}/assets?per_page=100`)
    expect(await first.json()).toHaveLength(100)
    expect(first.headers.get('link')).toMatch(/page=2>; rel="next"/)
    const second = await get(`/releases/${v1.id}/assets?per_page=100&page=2`)
    expect(await second.json()).toHaveLength(20)
    expect(second.headers.get('link')).not.toMatch(/rel="next"/)
  })

  test('hides drafts without the token and shows them with it', async () => {
    expect(((await (await get('/releases')).json()) as ReleaseJson[]).map((r) => r.tag_name)).toEqual([
      'v2.0.0-rc.1',
      'v1.1.0',
      'v1.0.0',
    ])
    const all = (await (await get('/releases', { authorization: 'Bearer t0ken' })).json()) as ReleaseJson[]
    expect(all[0]?.draft).toBe(true)
    expect((await get('/releases', { authorization: 'Bearer wrong' })).status).toBe(401)
  })

  test('redirects an asset download to storage, which refuses a token', async () => {
    const v11 = await release('/releases/tags/v1.1.0')
    expect(v11.assets[1]?.digest).toBeNull()
    const redirect = await get(`/releases/assets/${v11.assets[0]?.id}`, {
      accept: 'application/octet-stream',
    })
    expect(redirect.status).toBe(302)
    const location = redirect.headers.get('location') as string
    expect(location.startsWith(fake.storageUrl)).toBe(true)
    expect(await (await fetch(location)).text()).toBe('bytes of b.bin\n')
    const ranged = await fetch(location, { headers: { range: 'bytes=9-' } })
    expect([ranged.status, await ranged.text()]).toEqual([206, 'b.bin\n'])
    expect((await fetch(location, { headers: { authorization: 'Bearer t0ken' } })).status).toBe(400)
    fake.violations.splice(0)
  })

  test('serves injected rate limits and 502s, then the real answer', async () => {
    fake.faults.push({ host: 'api', path: /latest$/, times: 1, status: 429, headers: { 'retry-after': '1' } })
    fake.faults.push({ host: 'api', path: /latest$/, times: 1, status: 502 })
    const limited = await get('/releases/latest')
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '1'])
    expect((await get('/releases/latest')).status).toBe(502)
    expect((await get('/releases/latest')).status).toBe(200)
  })
})

describe('#GithubOpenApi', () => {
  const openapi = new GithubOpenApi()
  const op = '/repos/{owner}/{repo}/releases/assets/{asset_id}'

  test('rejects an asset without its required digest', async () => {
    const first = (await release('/releases/tags/v1.1.0')).assets[0]
    const { digest: _, ...withoutDigest } = first ?? { digest: null }
    expect(openapi.check('get', op, 200, first)).toEqual([])
    expect(openapi.check('get', op, 200, withoutDigest).join()).toMatch(/digest/)
    expect(openapi.check('get', op, 200, { ...first, state: 'uploading' }).join()).toMatch(/state/)
  })

  test.each([
    [{ type: 'string', nullable: true }, { type: ['string', 'null'] }],
    [
      { type: 'string', enum: ['a'], nullable: true },
      { type: ['string', 'null'], enum: ['a', null] },
    ],
    [
      { $ref: '#/x', nullable: true },
      { anyOf: [{ $ref: 'https://fake.github.test/openapi#/x' }, { type: 'null' }] },
    ],
    [{ properties: { nullable: { type: 'boolean' } } }, { properties: { nullable: { type: 'boolean' } } }],
  ])('converts %j to %j', (input, expected) => {
    expect(toJsonSchema(input)).toEqual(expected)
  })
})
