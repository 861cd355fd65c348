// Hand-made OCI images for container-scan's tests: layers written as tar.gz by hand (byte for
// byte the same on every run), configs and manifests by hand, an index over the platforms,
// stored as an OCI image layout that skopeo can push to a real registry.
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import zlib from 'node:zlib'

const run = promisify(execFile)

/** A layer: path → content (a Buffer keeps its bytes; `{ mode }` makes an executable; `{ link }` a hard link). */
export type LayerFiles = Record<
  string,
  string | Buffer | { content: string | Buffer; mode: number } | { link: string }
>

export interface TestImage {
  os: string
  architecture: string
  variant?: string
  layers: LayerFiles[]
  /** Merged into the config's `config` (User, Env, Labels, ExposedPorts, Healthcheck…). */
  config?: Record<string, unknown>
  created?: string
  history?: Array<{ created_by: string }>
  /** Store layers uncompressed instead of gzip. */
  plain?: boolean
}

export interface WrittenLayout {
  dir: string
  /** Digest of what the tag names (the index when several platforms). */
  digest: string
  manifests: string[]
}

/**
 * A ustar archive of the given files, in the order given, every timestamp zero. Written here (not
 * by tar(1), not by tar-stream, which the test folder cannot import) so digests are stable.
 */
export function tarOf(files: LayerFiles): Buffer {
  const parts: Buffer[] = []
  for (const [name, value] of Object.entries(files)) {
    const link = typeof value === 'object' && 'link' in value ? value.link : undefined
    const { content, mode } =
      typeof value === 'string' || Buffer.isBuffer(value)
        ? { content: value, mode: 0o644 }
        : 'link' in value
          ? { content: '', mode: 0o644 }
          : value
    const data = Buffer.from(content)
    if (name.length > 100) throw new Error(`${name}: over 100 characters, which this writer does not split`)
    const header = Buffer.alloc(512)
    const octal = (offset: number, length: number, n: number) =>
      header.write(`${n.toString(8).padStart(length - 1, '0')}\0`, offset, length, 'ascii')
    header.write(name, 0, 100, 'utf8')
    octal(100, 8, mode)
    octal(108, 8, 0)
    octal(116, 8, 0)
    octal(124, 12, data.length)
    octal(136, 12, 0)
    header.write('        ', 148, 8, 'ascii')
    header.write(link ? '1' : '0', 156, 1, 'ascii')
    if (link) header.write(link, 157, 100, 'utf8')
    header.write('ustar\u000000', 257, 8, 'ascii')
    let sum = 0
    for (const byte of header) sum += byte
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii')
    parts.push(header, data, Buffer.alloc((512 - (data.length % 512)) % 512))
  }
  parts.push(Buffer.alloc(1024))
  return Buffer.concat(parts)
}

/** Writes an OCI image layout holding `images` (an index when several) tagged `tag`. */
export async function writeImageLayout(
  dir: string,
  tag: string,
  images: TestImage[],
): Promise<WrittenLayout> {
  const blobs = path.join(dir, 'blobs', 'sha256')
  await mkdir(blobs, { recursive: true })
  await writeFile(path.join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }))
  const put = async (data: Buffer) => {
    const hex = createHash('sha256').update(data).digest('hex')
    await writeFile(path.join(blobs, hex), data)
    return { digest: `sha256:${hex}`, size: data.length }
  }
  const entries = []
  for (const image of images) {
    const layers = []
    const diffIds = []
    for (const files of image.layers) {
      const plain = tarOf(files)
      diffIds.push(`sha256:${createHash('sha256').update(plain).digest('hex')}`)
      const stored = image.plain ? plain : zlib.gzipSync(plain, { level: 6 })
      const mediaType = `application/vnd.oci.image.layer.v1.tar${image.plain ? '' : '+gzip'}`
      layers.push({ mediaType, ...(await put(stored)) })
    }
    const config = await put(
      Buffer.from(
        JSON.stringify({
          created: image.created ?? '2026-11-20T10:00:00Z',
          os: image.os,
          architecture: image.architecture,
          ...(image.variant ? { variant: image.variant } : {}),
          config: { Cmd: ['/bin/sh'], ...image.config },
          rootfs: { type: 'layers', diff_ids: diffIds },
          history: image.history ?? image.layers.map(() => ({ created_by: 'COPY files / # buildkit' })),
        }),
      ),
    )
    const manifest = await put(
      Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
          layers,
        }),
      ),
    )
    const platform = {
      os: image.os,
      architecture: image.architecture,
      ...(image.variant ? { variant: image.variant } : {}),
    }
    entries.push({ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...manifest, platform })
  }
  let top: { mediaType: string; digest: string; size: number }
  if (entries.length === 1 && entries[0]) {
    const { platform: _p, ...only } = entries[0]
    top = only
  } else {
    const index = {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: entries,
    }
    top = {
      mediaType: 'application/vnd.oci.image.index.v1+json',
      ...(await put(Buffer.from(JSON.stringify(index)))),
    }
  }
  await writeFile(
    path.join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [{ ...top, annotations: { 'org.opencontainers.image.ref.name': tag } }],
    }),
  )
  return { dir, digest: top.digest, manifests: entries.map((e) => e.digest) }
}

/**
 * Pushes a layout to a registry on loopback with skopeo, every platform and digest kept; `v2s2`
 * converts it to Docker's manifest list and manifests on the way (digests then change).
 */
export async function pushLayout(
  layout: WrittenLayout,
  host: string,
  name: string,
  tag: string,
  creds?: string,
  format?: 'v2s2',
): Promise<void> {
  await run('skopeo', [
    'copy',
    '--all',
    ...(format ? ['--format', format] : ['--preserve-digests']),
    '--dest-tls-verify=false',
    ...(creds ? ['--dest-creds', creds] : []),
    `oci:${layout.dir}:${tag}`,
    `docker://${host}/${name}:${tag}`,
  ])
}

export const DPKG_STATUS = `Package: libssl3
Status: install ok installed
Priority: optional
Section: libs
Installed-Size: 6161
Maintainer: Debian OpenSSL Team <pkg-openssl-devel@alioth-lists.debian.net>
Architecture: amd64
Multi-Arch: same
Source: openssl
Version: 3.0.11-1~deb12u2
Depends: libc6 (>= 2.34)
Description: Secure Sockets Layer toolkit - shared libraries
 This package is part of the OpenSSL project's implementation of the SSL and TLS
 cryptographic protocols for secure communication over the Internet.

Package: zlib1g
Status: install ok installed
Architecture: amd64
Source: zlib
Version: 1:1.2.13.dfsg-1
Description: compression library - runtime

Package: removed-pkg
Status: deinstall ok config-files
Architecture: amd64
Version: 1.0-1
Description: gone, only its config files are left
`

export const LIBSSL_COPYRIGHT = `Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: OpenSSL
Source: https://www.openssl.org/

Files: *
Copyright: 1998-2023 The OpenSSL Project
License: Apache-2.0

License: Apache-2.0
 Licensed under the Apache License, Version 2.0 (the "License").
`

export const APK_INSTALLED = `C:Q1abc=
P:musl
V:1.2.4-r2
A:x86_64
S:383152
I:622592
T:the musl c library (libc) implementation
U:https://musl.libc.org/
L:MIT
o:musl
m:Timo Teräs <timo.teras@iki.fi>

C:Q1def=
P:busybox
V:1.36.1-r15
A:x86_64
L:GPL-2.0-only
o:busybox

`

export const OS_RELEASE_DEBIAN = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
`

export const PY_METADATA = `Metadata-Version: 2.4
Name: Requests
Version: 2.31.0
Summary: Python HTTP for Humans.
License-Expression: Apache-2.0

Long description here.
`

/** The base layer every test image starts from: busybox, os-release, a dpkg status and its copyright. */
export function baseLayer(): LayerFiles {
  return {
    'bin/busybox': { content: readFileSync('/bin/busybox'), mode: 0o755 },
    'etc/os-release': OS_RELEASE_DEBIAN,
    'var/lib/dpkg/status': DPKG_STATUS,
    'usr/share/doc/libssl3/copyright': LIBSSL_COPYRIGHT,
  }
}

/** A layer of application packages: an npm tree, a Python dist-info and an apk db. */
export function appLayer(): LayerFiles {
  return {
    'app/node_modules/left-pad/package.json': JSON.stringify({
      name: 'left-pad',
      version: '1.3.0',
      license: 'WTFPL',
    }),
    'app/node_modules/@acme/util/package.json': JSON.stringify({
      name: '@acme/util',
      version: '2.0.0',
      license: 'MIT',
    }),
    'app/node_modules/@acme/util/node_modules/lodash/package.json': JSON.stringify({
      name: 'lodash',
      version: '4.17.20',
      license: 'MIT',
    }),
    'usr/lib/python3/dist-packages/requests-2.31.0.dist-info/METADATA': PY_METADATA,
    'lib/apk/db/installed': APK_INSTALLED,
  }
}

/** The labels, user and healthcheck of a well-built release image. */
export function releaseConfig(version: string): Record<string, unknown> {
  return {
    User: 'app',
    Healthcheck: { Test: ['CMD', '/bin/busybox', 'true'] },
    ExposedPorts: { '8080/tcp': {} },
    Labels: {
      'org.opencontainers.image.source': 'https://github.com/acme/app',
      'org.opencontainers.image.version': version,
    },
  }
}

/**
 * The release image of the tests on three platforms: amd64 and arm64 carry the application layer
 * (npm, PyPI and apk packages), and amd64 then deletes two of them with whiteouts (lodash and the
 * apk db); arm/v7 is the base alone, stored uncompressed.
 */
export function releaseImages(version: string): TestImage[] {
  const config = releaseConfig(version)
  return [
    {
      os: 'linux',
      architecture: 'amd64',
      config,
      layers: [
        baseLayer(),
        appLayer(),
        { 'app/node_modules/@acme/util/node_modules/.wh.lodash': '', 'lib/apk/db/.wh.installed': '' },
      ],
    },
    { os: 'linux', architecture: 'arm64', config, layers: [baseLayer(), appLayer()] },
    { os: 'linux', architecture: 'arm', variant: 'v7', config, layers: [baseLayer()], plain: true },
  ]
}
