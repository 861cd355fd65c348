import { describe, expect, test } from 'vitest'
import { isSignatureName, signatureFor } from '../signature-name.ts'

describe('#isSignatureName', () => {
  test.each([
    ['SHA256SUMS.asc', true],
    ['SHA256SUMS.gpg', true],
    ['app.tar.gz.sig', true],
    ['checksums.txt.SIG', true],
    ['monkey-1.0.tar.gz.asc', true],
    ['keys-tool.tar.gz.sig', true],
    ['app.tar.gz', false],
    ['app.tar.gz.sigstore', false],
    ['app.minisig', false],
    ['.asc', false],
    ['KEYS.asc', false],
    ['release-pubkey.gpg', false],
    ['signing-key.asc', false],
    ['keyring.gpg', false],
  ])('%s → %s', (name, expected) => {
    expect(isSignatureName(name)).toBe(expected)
  })
})

describe('#signatureFor', () => {
  describe('when the release has a signature for the file', () => {
    test.each([
      ['SHA256SUMS', ['SHA256SUMS', 'SHA256SUMS.asc'], 'SHA256SUMS.asc'],
      ['app.tar.gz', ['app.tar.gz', 'app.tar.gz.sig'], 'app.tar.gz.sig'],
      ['SHA256SUMS', ['SHA256SUMS', 'SHA256SUMS.gpg'], 'SHA256SUMS.gpg'],
      ['app.tar.gz', ['app.tar.gz.sig', 'app.tar.gz.asc', 'app.tar.gz.gpg'], 'app.tar.gz.asc'],
      ['app.tar.gz', ['app.tar.gz.gpg', 'app.tar.gz.sig'], 'app.tar.gz.sig'],
    ])('%s among %j → %s', (name, all, expected) => {
      expect(signatureFor(name, all)).toBe(expected)
    })
  })

  describe('when it has none', () => {
    test.each([
      ['app.tar.gz', ['app.tar.gz', 'app.zip.asc']],
      ['app.tar.gz', ['app.tar.gz', 'app.tar.gz.sha256']],
      ['app', ['app.tar.gz.asc']],
      ['app.tar.gz', []],
    ])('%s among %j → undefined', (name, all) => {
      expect(signatureFor(name, all)).toBeUndefined()
    })
  })
})
