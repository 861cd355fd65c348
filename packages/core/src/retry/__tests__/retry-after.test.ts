import { describe, expect, it, test } from 'vitest'
import { isPostflightError } from '../../errors.ts'
import { parseRetryAfter, RetryAfterError, retryAfterOf } from '../retry-after.ts'

const now = Date.parse('2015-10-21T07:28:00Z')

describe('#parseRetryAfter', () => {
  describe('when the header is readable', () => {
    test.each([
      ['120', 120_000],
      ['0', 0],
      [' 5 ', 5_000],
      ['Wed, 21 Oct 2015 07:28:30 GMT', 30_000],
      ['Wednesday, 21-Oct-15 07:29:00 GMT', 60_000],
      ['Wed Oct 21 07:28:10 2015 GMT', 10_000],
      ['Wed, 21 Oct 2015 07:27:00 GMT', 0],
    ])('reads %j as %d ms', (header, expected) => {
      expect(parseRetryAfter(header, now)).toBe(expected)
    })
  })

  describe('when the header is missing or unreadable', () => {
    test.each([undefined, null, '', '  ', '-5', '1.5', 'soon', '10s', '99999999999999999999'])(
      '%j gives undefined',
      (header) => {
        expect(parseRetryAfter(header, now)).toBeUndefined()
      },
    )
  })
})

describe('#RetryAfterError', () => {
  describe('when constructed', () => {
    it('is a NETWORK PostflightError carrying the wait', () => {
      const err = new RetryAfterError('HTTP 429 from api.github.com', 3000)
      expect(isPostflightError(err, 'NETWORK')).toBe(true)
      expect(err.retryAfterMs).toBe(3000)
      expect(retryAfterOf(err)).toBe(3000)
    })
  })
})

describe('#retryAfterOf', () => {
  describe('when the error carries no usable wait', () => {
    test.each([undefined, 'text', new Error('x'), { retryAfterMs: -1 }, { retryAfterMs: '5' }])(
      '%j gives undefined',
      (err) => {
        expect(retryAfterOf(err)).toBeUndefined()
      },
    )
  })
})
