import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type GithubFake, startGithubFake } from './server.ts'

let fake: GithubFake
beforeAll(async () => {
  fake = await startGithubFake({ token: 'w', readOnlyToken: 'r', pulls: [3], releases: [] })
})
afterAll(() => fake.close())

const send = (method: string, path: string, body: unknown, token = 'w') =>
  fetch(`${fake.apiUrl}/repos/acme/app${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })

describe('the GitHub fake, write side', () => {
  test.each([
    [
      'a status GitHub accepts',
      'POST',
      `/statuses/${'c'.repeat(40)}`,
      { state: 'success', context: 'x' },
      201,
      0,
    ],
    ['a status state GitHub refuses', 'POST', `/statuses/${'c'.repeat(40)}`, { state: 'green' }, 422, 1],
    ['a check run without head_sha', 'POST', '/check-runs', { name: 'x' }, 422, 1],
    ['a comment on an open PR', 'POST', '/issues/3/comments', { body: 'hi' }, 201, 0],
    ['a comment on no issue', 'POST', '/issues/404/comments', { body: 'hi' }, 404, 0],
  ])('records %s (%s %s)', async (_what, method, path, body, status, violations) => {
    fake.violations.splice(0)
    const res = await send(method, path, body)
    expect(res.status).toBe(status)
    expect(fake.violations.filter((v) => v.startsWith('request '))).toHaveLength(violations)
    // The answers themselves always conform.
    expect(fake.violations.filter((v) => !v.startsWith('request '))).toEqual([])
  })

  test('refuses writes with a read-only token as GitHub does for a fork PR, and without a token', async () => {
    const refused = await send('POST', '/issues', { title: 't' }, 'r')
    expect(refused.status).toBe(403)
    expect(((await refused.json()) as { message: string }).message).toBe(
      'Resource not accessible by integration',
    )
    const anonymous = await fetch(`${fake.apiUrl}/repos/acme/app/issues`, { method: 'POST', body: '{}' })
    expect(anonymous.status).toBe(401)
    // Reads still work with the read-only token.
    const list = await fetch(`${fake.apiUrl}/repos/acme/app/issues?state=open`, {
      headers: { authorization: 'Bearer r' },
    })
    expect(list.status).toBe(200)
    fake.assertConforms()
  })
})
