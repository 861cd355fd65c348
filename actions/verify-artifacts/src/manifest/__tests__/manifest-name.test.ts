import { describe, expect, it, test } from 'vitest'
import { isManifestName, perAssetSubject } from '../manifest-name.ts'

describe('#isManifestName', () => {
  describe('when no patterns are given', () => {
    test.each([
      ['SHA256SUMS', true],
      ['SHA512SUMS', true],
      ['SHA1SUMS', true],
      ['MD5SUMS', true],
      ['terraform_1.5.0_SHA256SUMS', true],
      ['sha256sums.txt', true],
      ['checksums.txt', true],
      ['grype_0.78.0_checksums.txt', true],
      ['Checksums-SHA256.TXT', true],
      ['sha256.sum', true],
      ['app.tar.gz.sha256', true],
      ['app.zip.sha512', true],
      ['app.zip.sha256sum', true],
      ['release/SHA256SUMS', true],
      ['SHA256SUMS.asc', false],
      ['checksums.txt.sig', false],
      ['checksums.txt.pem', false],
      ['grype_0.78.0_linux_amd64.tar.gz', false],
      ['sums-calculator.tar.gz', false],
      ['README.txt', false],
    ])('%s → %s', (name, expected) => {
      expect(isManifestName(name)).toBe(expected)
    })
  })

  describe('when patterns are given', () => {
    test.each([
      ['my-digests.list', ['my-digests.list'], true],
      ['SHA256SUMS', ['my-digests.list'], false],
      ['app_1.0_hashes.txt', ['*_hashes.txt'], true],
      ['nested/app_1.0_hashes.txt', ['*_hashes.txt'], true],
      ['nested/app_1.0_hashes.txt', ['other/*_hashes.txt'], false],
      ['nested/app_1.0_hashes.txt', ['nested/*_hashes.txt'], true],
    ])('%s with %j → %s', (name, patterns, expected) => {
      expect(isManifestName(name, patterns)).toBe(expected)
    })

    it('falls back to the defaults for an empty list', () => {
      expect(isManifestName('SHA256SUMS', [])).toBe(true)
    })
  })
})

describe('#perAssetSubject', () => {
  test.each([
    ['app.tar.gz.sha256', 'app.tar.gz'],
    ['dist/app.zip.SHA512', 'app.zip'],
    ['tool.sha256sum', 'tool'],
    ['SHA256SUMS', undefined],
    ['checksums.txt', undefined],
    ['.sha256', undefined],
  ])('%s → %s', (name, expected) => {
    expect(perAssetSubject(name)).toBe(expected)
  })
})
