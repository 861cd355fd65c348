import { describe, expect, test } from 'vitest'
import type { ReleaseAsset } from '../release-api.ts'
import { isSafeFileName, selectAssets } from '../select-assets.ts'

const asset = (name: string): ReleaseAsset => ({
  id: 1,
  name,
  size: 1,
  digest: null,
  state: 'uploaded',
  url: '',
  browser_download_url: '',
})
const NAMES = [
  'SHA256SUMS',
  'SHA256SUMS.asc',
  'app.tar.gz',
  'app.tar.gz.asc',
  'app.zip',
  'app.deb',
  'app.deb.sig',
]
const isManifest = (name: string) => name === 'SHA256SUMS'

describe('#selectAssets', () => {
  test.each([
    [{}, NAMES],
    [{ include: ['*.tar.gz'] }, ['SHA256SUMS', 'SHA256SUMS.asc', 'app.tar.gz', 'app.tar.gz.asc']],
    [{ exclude: ['*.deb'] }, ['SHA256SUMS', 'SHA256SUMS.asc', 'app.tar.gz', 'app.tar.gz.asc', 'app.zip']],
    [{ exclude: ['*.asc'] }, ['SHA256SUMS', 'app.tar.gz', 'app.zip', 'app.deb', 'app.deb.sig']],
    [
      { include: ['app.*'], exclude: ['app.zip'] },
      ['SHA256SUMS', 'SHA256SUMS.asc', 'app.tar.gz', 'app.tar.gz.asc', 'app.deb', 'app.deb.sig'],
    ],
  ])('with %j fetches %j', (filters, expected) => {
    const { selected } = selectAssets(NAMES.map(asset), filters, isManifest)
    expect(selected.map((a) => a.name)).toEqual(expected)
  })

  const PROOFS = [
    'app.tar.gz',
    'app.tar.gz.minisig',
    'app.tar.gz.sig',
    'app.tar.gz.pem',
    'app.tar.gz.sigstore.json',
    'app.zip',
    'app.zip.sigstore',
    'ca.pem',
    'tool.bundle',
  ]
  test.each([
    [
      { include: ['*.tar.gz'] },
      ['app.tar.gz', 'app.tar.gz.minisig', 'app.tar.gz.sig', 'app.tar.gz.pem', 'app.tar.gz.sigstore.json'],
    ],
    [{ exclude: ['*.tar.gz'] }, ['app.zip', 'app.zip.sigstore', 'ca.pem', 'tool.bundle']],
    [{ include: ['app.zip', '*.pem'] }, ['app.zip', 'app.zip.sigstore', 'ca.pem']],
  ])('with %j, minisign, cosign and Sigstore proofs follow their asset: %j', (filters, expected) => {
    const { selected } = selectAssets(PROOFS.map(asset), filters, () => false)
    expect(selected.map((a) => a.name)).toEqual(expected)
  })
})

describe('#isSafeFileName', () => {
  test.each([
    ['app.tar.gz', true],
    ['..', false],
    ['.', false],
    ['', false],
    ['a/b', false],
    ['a\\b', false],
    ['C:evil', false],
    ['nul\0byte', false],
  ])('%j is safe: %s', (name, safe) => {
    expect(isSafeFileName(name)).toBe(safe)
  })
})
