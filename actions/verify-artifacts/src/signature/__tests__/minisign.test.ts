import { describe, expect, it } from 'vitest'
import { parseMinisignPublicKey, parseMinisignSignature } from '../minisign.ts'

// A real signature and key made with minisign 0.11 (-G -W, then -S -t file:a.bin).
const KEY = 'RWQaYoyvGDXwU0XRH/O5odlRTJT+6yhXaYRKaJduFLfe0o5+Ox7aIkIp'
const SIG = [
  'untrusted comment: signature from minisign secret key',
  'RUQaYoyvGDXwU7vTenx2gG+HdbF36d1CFNAi0TgE36E4JnyyLD6oBj7Rf/+cygD2o8N2XhikaNEeutgsFGS4MBXU1gCUInmz3wY=',
  'trusted comment: file:a.bin',
  'gfGDZQ6roSURGejoFfDvgxJNVS9qDzrgHrV+suW9cnG5aDvIYjZF6/HVhdp7KKKOvGMvVzsljxb58bvlDukqAQ==',
]
const with_ = (i: number, line: string): string => SIG.map((l, j) => (j === i ? line : l)).join('\n')

describe('parseMinisignSignature', () => {
  it('reads the algorithm, key id (as minisign prints it) and trusted comment', () => {
    expect(parseMinisignSignature(`${SIG.join('\n')}\n`)).toMatchObject({
      algorithm: 'ED',
      keyId: '53F03518AF8C621A',
      trustedComment: 'file:a.bin',
    })
    expect(parseMinisignSignature(SIG.join('\r\n')).trustedComment).toBe('file:a.bin')
  })

  it.each([
    ['an empty file', '', /line 1/],
    ['no untrusted comment', with_(0, 'comment: x'), /line 1/],
    ['a short signature', with_(1, 'RUQaYoyvGDXwUw=='), /line 2/],
    ['not base64', with_(1, 'not base64!'), /line 2/],
    ['an unknown algorithm', with_(1, Buffer.alloc(74, 1).toString('base64')), /unknown signature algorithm/],
    ['no trusted comment', with_(2, 'comment: file:a.bin'), /line 3/],
    ['a short global signature', with_(3, 'AAAA'), /line 4/],
    ['an OpenPGP signature', '-----BEGIN PGP SIGNATURE-----\n\nxx\n-----END PGP SIGNATURE-----\n', /line 1/],
  ])('rejects %s, saying which line is wrong', (_, text, message) => {
    expect(() => parseMinisignSignature(text)).toThrow(message)
  })
})

describe('parseMinisignPublicKey', () => {
  it('reads the key id from the base64 line or the file text', () => {
    expect(parseMinisignPublicKey(KEY, 'k').keyId).toBe('53F03518AF8C621A')
    expect(
      parseMinisignPublicKey(`untrusted comment: minisign public key 53F03518AF8C621A\n${KEY}\n`, 'k').keyId,
    ).toBe('53F03518AF8C621A')
  })

  it.each([
    ['a signature line', SIG[1] as string],
    ['two keys in one item', `${KEY}\n${KEY}`],
    ['an OpenPGP key', '-----BEGIN PGP PUBLIC KEY BLOCK-----'],
  ])('rejects %s as BAD_INPUT naming the input', (_, text) => {
    expect(() => parseMinisignPublicKey(text, 'minisign-public-key 1')).toThrow(
      expect.objectContaining({
        code: 'BAD_INPUT',
        message: expect.stringContaining('minisign-public-key 1'),
      }),
    )
  })
})
