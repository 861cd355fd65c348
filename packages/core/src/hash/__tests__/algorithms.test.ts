import { describe, expect, it, test } from 'vitest'
import { isPostflightError } from '../../errors.ts'
import { checkAlgorithms, createMultiHash, type HashAlgorithm, isWeakAlgorithm } from '../algorithms.ts'

// FIPS 180 and RFC 1321 test vectors for "abc".
const abc: Record<HashAlgorithm, string> = {
  sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
  sha512:
    'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
  sha1: 'a9993e364706816aba3e25717850c26c9cd0d89d',
  md5: '900150983cd24fb0d6963f7d28e17f72',
}

describe('#createMultiHash', () => {
  describe('when fed in pieces with several algorithms', () => {
    it('gives every digest of the whole and counts the bytes', () => {
      const hash = createMultiHash(['sha256', 'sha512', 'sha1', 'md5'])
      hash.update('a')
      hash.update(new Uint8Array([98]))
      hash.update(Buffer.from('c'))
      expect(hash.digest()).toEqual({ size: 3, digests: abc })
    })
  })

  describe('when fed multi-byte text', () => {
    it('counts bytes, not characters', () => {
      const hash = createMultiHash(['sha256'])
      hash.update('é€')
      expect(hash.size).toBe(5)
    })
  })
})

describe('#checkAlgorithms', () => {
  describe('when an algorithm repeats', () => {
    it('keeps it once', () => {
      expect(checkAlgorithms(['sha256', 'sha512', 'sha256'])).toEqual(['sha256', 'sha512'])
    })
  })

  describe('when the list is empty or holds an unknown name', () => {
    test.each([[[]], [['sha3-256']], [['sha256', 'crc32']]])('%j throws BAD_INPUT', (algorithms) => {
      let thrown: unknown
      try {
        checkAlgorithms(algorithms as HashAlgorithm[])
      } catch (err) {
        thrown = err
      }
      expect(isPostflightError(thrown, 'BAD_INPUT')).toBe(true)
      expect((thrown as Error).message).toContain('sha256, sha512, sha1, md5')
    })
  })
})

describe('#isWeakAlgorithm', () => {
  test.each([
    ['sha256', false],
    ['sha512', false],
    ['sha1', true],
    ['md5', true],
  ] as const)('%s → %s', (algorithm, weak) => {
    expect(isWeakAlgorithm(algorithm)).toBe(weak)
  })
})
