import { describe, expect, it } from 'vitest'
import { dpkgInventory, parseDebianCopyright, parseDpkgStatus } from '../dpkg.ts'

const STATUS = `Package: libssl3
Status: install ok installed
Architecture: amd64
Multi-Arch: same
Source: openssl
Version: 3.0.11-1~deb12u2
Description: Secure Sockets Layer toolkit - shared libraries
 This package is part of the OpenSSL project's implementation.
 .
 More text.

Package: libgcc-s1
Status: install ok installed
Architecture: amd64
Source: gcc-12 (12.2.0-14)
Version: 12.2.0-14

Package: zlib1g
Status: install ok installed
Architecture: amd64
Source: zlib
Version: 1:1.2.13.dfsg-1

Package: removed
Status: deinstall ok config-files
Version: 1.0-1

Package: half
Status: install ok half-configured
Version: 2.0-1
`

describe('parseDpkgStatus', () => {
  it('lists installed packages only, with architecture and source (and its version when it differs)', () => {
    expect(parseDpkgStatus(STATUS)).toEqual([
      { name: 'libssl3', version: '3.0.11-1~deb12u2', architecture: 'amd64', source: 'openssl' },
      {
        name: 'libgcc-s1',
        version: '12.2.0-14',
        architecture: 'amd64',
        source: 'gcc-12',
        sourceVersion: '12.2.0-14',
      },
      { name: 'zlib1g', version: '1:1.2.13.dfsg-1', architecture: 'amd64', source: 'zlib' },
    ])
  })

  it('reads a distroless status.d file (no Status field) and CRLF line ends', () => {
    const text = 'Package: tzdata\r\nVersion: 2024a-0+deb12u1\r\nArchitecture: all\r\n'
    expect(parseDpkgStatus(text)).toEqual([
      { name: 'tzdata', version: '2024a-0+deb12u1', architecture: 'all' },
    ])
  })

  it('skips stanzas without a name or version (an md5sums file in status.d)', () => {
    expect(parseDpkgStatus('d41d8cd98f00b204e9800998ecf8427e  usr/bin/x\n')).toEqual([])
  })
})

describe('parseDebianCopyright', () => {
  const machine = (body: string) =>
    `Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\nUpstream-Name: x\n\n${body}`

  it.each([
    [machine('Files: *\nCopyright: 2020 A\nLicense: Expat\n'), ['MIT']],
    [
      machine('Files: *\nLicense: GPL-2+\n\nFiles: lib/*\nLicense: LGPL-2.1+ or BSD-3-clause\n'),
      ['BSD-3-Clause', 'GPL-2.0-or-later', 'LGPL-2.1-or-later'],
    ],
    [
      machine('Files: *\nLicense: Apache-2.0\n\nLicense: Apache-2.0\n Licensed under the Apache License.\n'),
      ['Apache-2.0'],
    ],
    [machine('Files: *\nLicense: Custom-Thing\n'), ['Custom-Thing']],
  ])('reads the License fields of a machine-readable file %#', (text, expected) => {
    expect(parseDebianCopyright(text)).toEqual(expected)
  })

  it('reads nothing from a free-form copyright file', () => {
    expect(parseDebianCopyright('This package was debianized by Joe.\n\nLicense: GPL\n')).toEqual([])
  })
})

describe('dpkgInventory', () => {
  it('gives Debian purls with arch, distro and upstream, and the source package', () => {
    const [pkg] = dpkgInventory(
      [{ name: 'libssl3', version: '3.0.11-1~deb12u2', architecture: 'amd64', source: 'openssl' }],
      { id: 'debian', versionId: '12' },
      '/var/lib/dpkg/status',
      'sha256:l1',
      () => ['Apache-2.0'],
    )
    expect(pkg).toEqual({
      name: 'libssl3',
      version: '3.0.11-1~deb12u2',
      ecosystem: 'Debian',
      purl: 'pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12&upstream=openssl',
      licenses: ['Apache-2.0'],
      location: '/var/lib/dpkg/status',
      layer: 'sha256:l1',
      distroVersion: '12',
      sourceName: 'openssl',
    })
  })

  it('carries the source version when the binary package has its own (libgcc-s1)', () => {
    const [pkg] = dpkgInventory(
      parseDpkgStatus('Package: libgcc-s1\nSource: gcc-12 (12.2.0-14)\nVersion: 1:12.2.0-14\n'),
      { id: 'debian', versionId: '12' },
      '/s',
      'l',
      () => [],
    )
    expect(pkg).toMatchObject({ version: '1:12.2.0-14', sourceName: 'gcc-12', sourceVersion: '12.2.0-14' })
  })

  it('names Ubuntu packages as Ubuntu', () => {
    const [pkg] = dpkgInventory(
      [{ name: 'bash', version: '5.1-6ubuntu1' }],
      { id: 'ubuntu', versionId: '22.04' },
      '/s',
      'l',
      () => [],
    )
    expect(pkg).toMatchObject({
      ecosystem: 'Ubuntu',
      purl: 'pkg:deb/ubuntu/bash@5.1-6ubuntu1?distro=ubuntu-22.04',
      distroVersion: '22.04',
    })
  })
})
