import { describe, expect, it, test } from 'vitest'
import type { CheckStatus } from '../model.ts'
import { deriveStatus, exitCodeFor, worstStatus } from '../status.ts'

describe('#worstStatus', () => {
  test.each<[CheckStatus[], CheckStatus]>([
    [[], 'skip'],
    [['pass', 'skip'], 'pass'],
    [['pass', 'warn'], 'warn'],
    [['warn', 'fail', 'pass'], 'fail'],
    [['fail', 'error'], 'error'],
  ])('of %j is %s', (statuses, expected) => {
    expect(worstStatus(statuses)).toBe(expected)
  })
})

describe('#deriveStatus', () => {
  describe('when the result is partial', () => {
    it('is never green', () => {
      expect(deriveStatus([{ status: 'pass' }], true)).toBe('error')
    })
  })
})

describe('#exitCodeFor', () => {
  test.each<[CheckStatus, 'fail' | 'warn' | 'never', number]>([
    ['pass', 'fail', 0],
    ['warn', 'fail', 0],
    ['warn', 'warn', 1],
    ['fail', 'fail', 1],
    ['fail', 'never', 0],
    ['error', 'never', 2],
    ['error', 'fail', 2],
    ['skip', 'fail', 0],
  ])('%s with fail-on %s exits %i', (status, failOn, code) => {
    expect(exitCodeFor(status, failOn)).toBe(code)
  })
})
