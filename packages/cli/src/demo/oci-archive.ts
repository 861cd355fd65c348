import { createHash } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { pipeline } from 'node:stream/promises'
import { gzipSync } from 'node:zlib'
import tar from 'tar-stream'

// An OCI image layout (image-spec v1.1 "image-layout.md") in a tar: what `skopeo copy … oci-archive:`
// and `docker save` in OCI mode write. Built here so the demo needs no Docker and no registry.

const DPKG_STATUS = `Package: libdemo1
Status: install ok installed
Priority: optional
Section: libs
Installed-Size: 64
Maintainer: Demo Maintainers <demo@demo.invalid>
Architecture: amd64
Source: demo
Version: 1.2.3-1
Description: demo shared library
 The one system package of the demo image.

Package: zlib1g
Status: install ok installed
Priority: optional
Section: libs
Installed-Size: 168
Maintainer: Mark Brown <broonie@debian.org>
Architecture: amd64
Source: zlib
Version: 1:1.2.13.dfsg-1
Description: compression library - runtime
`

const SERVER = `const http = require('node:http')
http.createServer((req, res) => res.end(JSON.stringify({ status: 'ok' }))).listen(8080)
`

function digest(data: Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`
}

async function tarBuffer(
  entries: Array<{ name: string; body: string | Buffer; mode?: number }>,
): Promise<Buffer> {
  const pack = tar.pack()
  for (const e of entries)
    pack.entry({ name: e.name, mode: e.mode ?? 0o644, mtime: new Date(0), uid: 0, gid: 0 }, e.body)
  pack.finalize()
  const chunks: Buffer[] = []
  for await (const chunk of pack) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

export interface SampleImage {
  file: string
  /** The tag the index names the manifest by (org.opencontainers.image.ref.name). */
  ref: string
  manifestDigest: string
}

/**
 * Writes a one-layer linux/amd64 image as an OCI archive: a dpkg status database with two packages
 * and an app with one npm package under node_modules, which is what an inventory reads.
 */
export async function buildSampleImage(file: string, version = '1.4.0'): Promise<SampleImage> {
  const layerTar = await tarBuffer([
    {
      name: 'etc/os-release',
      body: 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n',
    },
    { name: 'var/lib/dpkg/status', body: DPKG_STATUS },
    { name: 'app/package.json', body: JSON.stringify({ name: 'demo-app', version, private: true }, null, 2) },
    { name: 'app/server.js', body: SERVER },
    {
      name: 'app/node_modules/ms/package.json',
      body: JSON.stringify({ name: 'ms', version: '2.1.3', license: 'MIT' }, null, 2),
    },
    { name: 'app/node_modules/ms/index.js', body: 'module.exports = (n) => n\n' },
  ])
  const layer = gzipSync(layerTar, { level: 9 })
  const config = Buffer.from(
    JSON.stringify({
      created: '2026-01-01T00:00:00Z',
      architecture: 'amd64',
      os: 'linux',
      config: {
        User: '10001',
        WorkingDir: '/app',
        Cmd: ['node', 'server.js'],
        ExposedPorts: { '8080/tcp': {} },
        Healthcheck: {
          Test: [
            'CMD',
            'node',
            '-e',
            "fetch('http://127.0.0.1:8080/').then((r) => process.exit(r.ok ? 0 : 1))",
          ],
          Interval: 10_000_000_000,
        },
        Labels: {
          'org.opencontainers.image.version': version,
          'org.opencontainers.image.source': 'https://github.com/OWNER/demo-app',
        },
      },
      rootfs: { type: 'layers', diff_ids: [digest(layerTar)] },
      history: [{ created: '2026-01-01T00:00:00Z', created_by: 'postflight demo' }],
    }),
  )
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: digest(config),
        size: config.length,
      },
      layers: [
        {
          mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
          digest: digest(layer),
          size: layer.length,
        },
      ],
    }),
  )
  const index = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: digest(manifest),
        size: manifest.length,
        platform: { architecture: 'amd64', os: 'linux' },
        annotations: { 'org.opencontainers.image.ref.name': version },
      },
    ],
  }
  const blob = (data: Buffer) => ({ name: `blobs/sha256/${digest(data).slice(7)}`, body: data })
  const pack = tar.pack()
  for (const e of [
    { name: 'oci-layout', body: Buffer.from(JSON.stringify({ imageLayoutVersion: '1.0.0' })) },
    { name: 'index.json', body: Buffer.from(JSON.stringify(index)) },
    blob(config),
    blob(manifest),
    blob(layer),
  ])
    pack.entry({ name: e.name, mode: 0o644, mtime: new Date(0) }, e.body)
  pack.finalize()
  await pipeline(pack, createWriteStream(file))
  return { file, ref: version, manifestDigest: digest(manifest) }
}
