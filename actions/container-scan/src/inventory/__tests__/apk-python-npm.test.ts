import { describe, expect, it } from 'vitest'
import { apkInventory, parseApkInstalled } from '../apk.ts'
import { parseNpmPackage } from '../npm.ts'
import { distroRelease, parseOsRelease } from '../os-release.ts'
import { parsePythonMetadata } from '../python.ts'

describe('parseApkInstalled', () => {
  const DB = `C:Q1abc=
P:musl
V:1.2.4_git20230717-r4
A:x86_64
S:383152
T:the musl c library (libc) implementation
L:MIT
o:musl

C:Q1def=
P:libcrypto3
V:3.1.4-r5
A:aarch64
L:Apache-2.0
o:openssl
r:libcrypto1.1
O:not-the-origin
`
  it('reads name, version (with _git/_p suffixes), arch, licence and origin; upper-case O is not origin', () => {
    expect(parseApkInstalled(DB)).toEqual([
      {
        name: 'musl',
        version: '1.2.4_git20230717-r4',
        architecture: 'x86_64',
        license: 'MIT',
        origin: 'musl',
      },
      {
        name: 'libcrypto3',
        version: '3.1.4-r5',
        architecture: 'aarch64',
        license: 'Apache-2.0',
        origin: 'openssl',
      },
    ])
  })

  it('gives Alpine purls and the v3.19 release OSV names', () => {
    const distro = parseOsRelease('NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.19.1\n')
    const pkgs = apkInventory(parseApkInstalled(DB), distro, '/lib/apk/db/installed', 'l')
    expect(pkgs[1]).toMatchObject({
      ecosystem: 'Alpine',
      purl: 'pkg:apk/alpine/libcrypto3@3.1.4-r5?arch=aarch64&distro=alpine-3.19.1',
      licenses: ['Apache-2.0'],
      distroVersion: 'v3.19',
      sourceName: 'openssl',
    })
  })
})

describe('parseOsRelease', () => {
  it.each([
    [
      'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\n',
      '12',
    ],
    ["ID='ubuntu'\nVERSION_ID='22.04'\n", '22.04'],
    ['ID=alpine\nVERSION_ID=3.18.4\n', 'v3.18'],
    ['ID=debian\nVERSION_ID=11.9\n', '11'],
  ])('%j → release %s', (text, release) => {
    expect(distroRelease(parseOsRelease(text))).toBe(release)
  })

  it('has no distro without an ID', () => {
    expect(parseOsRelease('NAME=thing\n')).toBeUndefined()
  })
})

describe('parsePythonMetadata', () => {
  it.each([
    [
      'Metadata-Version: 2.4\nName: Requests\nVersion: 2.31.0\nLicense-Expression: Apache-2.0\n\nbody',
      ['Apache-2.0'],
      'pkg:pypi/requests@2.31.0',
    ],
    [
      'Metadata-Version: 2.1\nName: zope.interface\nVersion: 6.0\nLicense: ZPL 2.1\n',
      ['ZPL 2.1'],
      'pkg:pypi/zope-interface@6.0',
    ],
    [
      'Metadata-Version: 2.1\nName: Foo_Bar\nVersion: 1.0rc1\nLicense: UNKNOWN\n',
      [],
      'pkg:pypi/foo-bar@1.0rc1',
    ],
    // A License field holding the licence text itself is not a licence name.
    [
      `Metadata-Version: 2.1\nName: x\nVersion: 1\nLicense: ${'Permission is hereby granted '.repeat(5)}\n`,
      [],
      'pkg:pypi/x@1',
    ],
  ])('%#', (text, licences, purl) => {
    expect(parsePythonMetadata(text, '/m', 'l')).toMatchObject({
      ecosystem: 'PyPI',
      licenses: licences,
      purl,
    })
  })

  it('ignores headers after the body starts, and a file without Name or Version', () => {
    expect(parsePythonMetadata('Name: a\nVersion: 1\n\nLicense: MIT\n', '/m', 'l')?.licenses).toEqual([])
    expect(parsePythonMetadata('Summary: nothing\n', '/m', 'l')).toBeUndefined()
  })
})

describe('parseNpmPackage', () => {
  it.each([
    [{ name: 'left-pad', version: '1.3.0', license: 'WTFPL' }, 'pkg:npm/left-pad@1.3.0', ['WTFPL']],
    [{ name: '@babel/core', version: '7.23.0', license: 'MIT' }, 'pkg:npm/%40babel/core@7.23.0', ['MIT']],
    [
      { name: 'old', version: '0.1.0', license: { type: 'BSD-3-Clause' } },
      'pkg:npm/old@0.1.0',
      ['BSD-3-Clause'],
    ],
    [
      { name: 'older', version: '0.0.1', licenses: [{ type: 'MIT' }, { type: 'Apache-2.0' }] },
      'pkg:npm/older@0.0.1',
      ['MIT', 'Apache-2.0'],
    ],
    [{ name: 'none', version: '1.0.0' }, 'pkg:npm/none@1.0.0', []],
  ])('%j', (json, purl, licences) => {
    expect(parseNpmPackage(JSON.stringify(json), '/p', 'l')).toMatchObject({
      ecosystem: 'npm',
      purl,
      licenses: licences,
    })
  })

  it.each(['not json', '{"name":"x"}', '{"version":"1.0.0"}', '{"name":"","version":"1"}'])(
    'is no package: %s',
    (text) => {
      expect(parseNpmPackage(text, '/p', 'l')).toBeUndefined()
    },
  )
})

describe('a package database of another distribution', () => {
  it('names no Alpine release for an apk db in a Debian image', () => {
    const [pkg] = apkInventory(
      [{ name: 'musl', version: '1.2.4-r2' }],
      { id: 'debian', versionId: '12' },
      '/db',
      'l',
    )
    expect(pkg?.purl).toBe('pkg:apk/alpine/musl@1.2.4-r2')
    expect(pkg?.distroVersion).toBeUndefined()
  })
})
