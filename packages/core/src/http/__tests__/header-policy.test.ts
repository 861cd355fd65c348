import { describe, expect, test } from 'vitest'
import { headersFor, originOf } from '../header-policy.ts'
import { nextLink } from '../request-json.ts'

const policy = {
  authorization: 'Bearer s3cret',
  authOrigin: 'https://api.github.com',
  headers: { accept: 'x/y' },
}

describe('#headersFor', () => {
  test.each([
    ['https://api.github.com/repos/a/b/releases/assets/1', true],
    ['https://api.github.com:443/repos/a/b', true],
    ['https://API.GITHUB.COM/x', true],
    ['http://api.github.com/x', false],
    ['https://api.github.com:8443/x', false],
    ['https://objects.githubusercontent.com/x?sig=1', false],
    ['https://api.github.com.evil.example/x', false],
    ['https://github.com/a/b/releases/download/v1/x', false],
  ])('sends Authorization to %s: %s', (url, sent) => {
    const headers = headersFor(url, policy)
    expect(headers.get('authorization')).toBe(sent ? 'Bearer s3cret' : null)
    expect(headers.get('accept')).toBe('x/y')
  })

  test('drops an Authorization smuggled in the plain headers', () => {
    const headers = headersFor('https://storage.example/x', {
      ...policy,
      headers: { Authorization: 'token t' },
    })
    expect(headers.get('authorization')).toBeNull()
  })

  test('sends no Authorization without an origin to trust', () => {
    expect(
      headersFor('https://api.github.com/x', { authorization: 'Bearer t' }).get('authorization'),
    ).toBeNull()
  })

  test('compares origins as scheme, host and port', () => {
    expect(originOf('http://127.0.0.1:8080/a?b')).toBe('http://127.0.0.1:8080')
  })
})

describe('#nextLink', () => {
  test.each([
    [null, undefined],
    ['<https://x/r?page=2>; rel="next", <https://x/r?page=5>; rel="last"', 'https://x/r?page=2'],
    ['<https://x/r?page=1>; rel="prev", <https://x/r?page=1>; rel="first"', undefined],
    ['<https://x/r?page=3>; rel="last", <https://x/r?page=2>; rel="next"', 'https://x/r?page=2'],
  ])('reads %s as %s', (header, expected) => {
    expect(nextLink(header)).toBe(expected)
  })
})
