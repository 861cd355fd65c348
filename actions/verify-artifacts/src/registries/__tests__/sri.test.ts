import { describe, expect, it } from 'vitest'
import { base64ToHex, hexToBase64, strongestSri } from '../sri.ts'

const SHA512 = 'z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg=='

describe('#strongestSri', () => {
  it.each([
    [`sha512-${SHA512}`, { algorithm: 'sha512', base64: SHA512 }],
    [`sha1-AAAA sha512-${SHA512}`, { algorithm: 'sha512', base64: SHA512 }],
    [`sha512-${SHA512}?foo`, { algorithm: 'sha512', base64: SHA512 }],
    ['sha256-q83vEjRWeJA= sha1-AAAA', { algorithm: 'sha256', base64: 'q83vEjRWeJA=' }],
    ['sha1-AAAA', { algorithm: 'sha1', base64: 'AAAA' }],
    ['sha384-AAAA', undefined],
    ['md5-AAAA', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('reads %j as %j', (integrity, expected) => {
    expect(strongestSri(integrity)).toEqual(expected)
  })
})

describe('#hexToBase64 and #base64ToHex', () => {
  it('round-trip the digests the engine stores', () => {
    const hex = base64ToHex(SHA512)
    expect(hex).toMatch(/^[0-9a-f]{128}$/)
    expect(hexToBase64(hex)).toBe(SHA512)
  })

  it('read URL-safe base64 too', () => {
    expect(base64ToHex('-_8')).toBe(base64ToHex('+/8='))
  })
})
