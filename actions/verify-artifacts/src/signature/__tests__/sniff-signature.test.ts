import { describe, expect, it, test } from 'vitest'
import { sniffSignature } from '../sniff-signature.ts'

const text = (value: string): Uint8Array => new TextEncoder().encode(value)

describe('#sniffSignature', () => {
  describe('when the bytes are an OpenPGP signature', () => {
    it('recognises armor, even after leading blank lines', () => {
      const armored = '\r\n-----BEGIN PGP SIGNATURE-----\n\nabc\n-----END PGP SIGNATURE-----\n'

      expect(sniffSignature(text(armored))).toEqual({ kind: 'armored', text: armored })
    })

    test.each([
      ['new-format packet header', 0xc2],
      ['old-format packet header, one-byte length', 0x88],
      ['old-format packet header, two-byte length', 0x89],
    ])('recognises a %s', (_title, first) => {
      const bytes = Uint8Array.of(first, 0x75, 0x04, 0x00)

      const shape = sniffSignature(bytes)

      expect(shape).toEqual({ kind: 'binary', bytes })
    })
  })

  describe('when the bytes are something else', () => {
    test.each<[string, Uint8Array, RegExp]>([
      ['an empty file', text('  \n'), /the file is empty/],
      [
        'a minisign signature',
        text(
          'untrusted comment: signature from minisign secret key\nRWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3\n',
        ),
        /minisign/,
      ],
      [
        'a cosign signature',
        text(
          'MEUCIQDs3bWJxkzC4/Ga7pzm3vVxa1cOuD2PU2EWvMTPVlZKagIgZ1EFyTXJCSkkXvvKmVKtQiDBxC3SxCPhjSBfCgDlJuw=\n',
        ),
        /cosign/,
      ],
      ['a clear-signed document', text('-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n'), /clear-signed/],
      ['an inline-signed message', text('-----BEGIN PGP MESSAGE-----\n'), /--sign instead of --detach-sign/],
      ['a public key', text('-----BEGIN PGP PUBLIC KEY BLOCK-----\n'), /public key, not a signature/],
      ['an SSH signature', text('-----BEGIN SSH SIGNATURE-----\n'), /SSH signature/],
      [
        'a PEM certificate',
        text('-----BEGIN CERTIFICATE-----\nMIIB\n'),
        /it holds -----BEGIN CERTIFICATE-----/,
      ],
      ['a binary public key packet', Uint8Array.of(0x99, 0x01, 0x0d), /public key, not a signature/],
      [
        'a binary literal-data packet',
        Uint8Array.of(0xcb, 0x10),
        /OpenPGP message, not a detached signature/,
      ],
      ['an unrelated packet type', Uint8Array.of(0xc0 | 17, 0x01), /packet of type 17/],
      [
        'prose',
        text('this is not a signature at all\n'),
        /neither armored .* nor a binary OpenPGP signature packet/,
      ],
    ])('describes %s', (_title, bytes, description) => {
      const shape = sniffSignature(bytes)

      expect(shape.kind).toBe('other')
      expect(shape.kind === 'other' && shape.description).toMatch(description)
    })
  })
})
