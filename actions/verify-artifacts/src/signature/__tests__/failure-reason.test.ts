import { describe, expect, test } from 'vitest'
import { describeVerifyFailure } from '../failure-reason.ts'

describe('#describeVerifyFailure', () => {
  test.each([
    ['Signed digest did not match', /^Bad signature: the file is not what key ABCD signed/],
    ['Primary key is revoked', /^Key ABCD is revoked \(Primary key is revoked\)/],
    ['Signature is expired', /^The signature or key ABCD has expired/],
    ['Signature creation time is in the future', /dated in the future/],
    ['Insecure hash algorithm: SHA1', /too weak to trust/],
    ['Something new', /^The signature by key ABCD could not be verified: Something new\.$/],
  ])('explains "%s"', (message, expected) => {
    expect(describeVerifyFailure(new Error(message), 'ABCD')).toMatch(expected)
  })

  test('still says something when openpgp gave no error and no signer is known', () => {
    expect(describeVerifyFailure(undefined, undefined)).toBe(
      'The signature by key unknown could not be verified: no signature could be checked.',
    )
  })
})
