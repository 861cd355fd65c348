import { describe, expect, it } from 'vitest'
import { bundleSubject, isSigstoreBundleName, sigstoreBundles } from '../bundle-name.ts'

describe('#isSigstoreBundleName', () => {
  it.each([
    ['app.tar.gz.sigstore.json', true],
    ['app.tar.gz.sigstore', true],
    ['app.tar.gz.bundle', true],
    ['APP.ZIP.SIGSTORE.JSON', true],
    ['checksums.txt.sigstore.json', true],
    ['.sigstore.json', false],
    ['.bundle', false],
    ['provenance.intoto.jsonl', false],
    ['app.tar.gz.sig', false],
    ['app.tar.gz.json', false],
    ['sigstore.json', false],
  ])('%s → %s', (name, expected) => {
    expect(isSigstoreBundleName(name)).toBe(expected)
  })
})

describe('#bundleSubject', () => {
  const release = [
    'app.tar.gz',
    'app.tar.gz.sigstore.json',
    'app.zip',
    'app.zip.sigstore',
    'tool',
    'tool.bundle',
    'x.sigstore',
  ]

  it.each([
    ['app.tar.gz.sigstore.json', 'app.tar.gz'],
    ['app.zip.sigstore', 'app.zip'],
    ['tool.bundle', 'tool'],
    ['x.sigstore', undefined],
    ['missing.tar.gz.sigstore.json', undefined],
    ['app.tar.gz', undefined],
  ])('%s covers %s', (name, expected) => {
    expect(bundleSubject(name, release)).toBe(expected)
  })

  it('strips `.sigstore.json` whole, not `.json` alone', () => {
    expect(bundleSubject('app.sigstore.json', ['app', 'app.sigstore'])).toBe('app')
  })
})

describe('#sigstoreBundles', () => {
  it('lists bundles with their subjects, keeping a `.bundle` that covers nothing as an asset', () => {
    const names = [
      'app.tar.gz',
      'app.tar.gz.sigstore.json',
      'App.bundle',
      'tool',
      'tool.bundle',
      'gone.sigstore',
    ]
    expect(sigstoreBundles(names)).toEqual([
      { bundle: 'app.tar.gz.sigstore.json', subject: 'app.tar.gz' },
      { bundle: 'tool.bundle', subject: 'tool' },
      { bundle: 'gone.sigstore', subject: undefined },
    ])
  })
})
