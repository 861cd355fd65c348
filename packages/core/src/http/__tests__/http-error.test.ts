import { describe, expect, test } from 'vitest'
import { isRetryable, statusError, waitRequested } from '../http-error.ts'

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0)

describe('#waitRequested', () => {
  test.each([
    [{}, undefined],
    [{ 'retry-after': '7' }, 7000],
    [{ 'retry-after': 'Thu, 26 Nov 2026 12:00:30 GMT' }, 30_000],
    [{ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 60) }, 60_000],
    [{ 'x-ratelimit-remaining': '12', 'x-ratelimit-reset': String(NOW / 1000 + 60) }, undefined],
    [
      { 'retry-after': '2', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 60) },
      2000,
    ],
  ])('reads %j as %s ms', (headers, expected) => {
    expect(waitRequested(new Headers(headers), NOW)).toBe(expected)
  })
})

describe('#statusError', () => {
  test.each([
    [502, {}, true],
    [503, { 'retry-after': '1' }, true],
    [429, {}, true],
    [403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1' }, true],
    [403, {}, false],
    [401, {}, false],
    [404, {}, false],
  ])('HTTP %d with %j is retryable: %s', (status, headers, retryable) => {
    const err = statusError(new Response(null, { status, headers }), 'GET /x')
    expect(err.retryable).toBe(retryable)
    expect(isRetryable(err)).toBe(retryable)
    expect(err.status).toBe(status)
  })

  test('a 404 is NOT_FOUND, so callers can say what is missing', () => {
    expect(statusError(new Response(null, { status: 404 }), 'GET /x').code).toBe('NOT_FOUND')
  })

  test('a network failure from fetch is retryable', () => {
    expect(isRetryable(new TypeError('fetch failed'))).toBe(true)
  })
})
