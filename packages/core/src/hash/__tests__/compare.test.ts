import { describe, expect, test } from 'vitest'
import { timingSafeEqualHex } from '../compare.ts'

const digest = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'

describe('#timingSafeEqualHex', () => {
  describe('when both are the same digest', () => {
    test.each([
      [digest, digest],
      [digest, digest.toUpperCase()],
      [`${digest}\n`, ` ${digest}`],
      ['0a', '0A'],
    ])('%j equals %j', (a, b) => {
      expect(timingSafeEqualHex(a, b)).toBe(true)
    })
  })

  describe('when they differ or are not digests', () => {
    test.each([
      [digest, `${digest.slice(0, -1)}e`],
      [digest, digest.slice(0, -2)],
      ['', ''],
      ['zz', 'zz'],
      ['0x0a', '0x0a'],
      [digest, ''],
      ['a b', 'a b'],
    ])('%j does not equal %j', (a, b) => {
      expect(timingSafeEqualHex(a, b)).toBe(false)
    })
  })
})
