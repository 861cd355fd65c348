import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { Readable } from 'node:stream'
import zlib from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { type LayerFiles, tarOf } from '../../../../../test/helpers/oci-images.ts'
import type { BlobStore, Descriptor, PlatformImage } from '../../image/types.ts'
import { collectImageFiles } from '../collect-files.ts'
import { buildInventory } from '../index.ts'

type Compression = 'gzip' | 'zstd' | 'plain'

/** An image held in memory: each layer a tar, compressed as asked. */
function memoryImage(layers: Array<[LayerFiles, Compression]>): { store: BlobStore; image: PlatformImage } {
  const blobs = new Map<string, Buffer>()
  const descriptors: Descriptor[] = layers.map(([files, compression]) => {
    const tar = tarOf(files)
    const data =
      compression === 'gzip' ? zlib.gzipSync(tar) : compression === 'zstd' ? zlib.zstdCompressSync(tar) : tar
    const digest = `sha256:${createHash('sha256').update(data).digest('hex')}`
    blobs.set(digest, data)
    const suffix = compression === 'plain' ? '' : `+${compression}`
    return { mediaType: `application/vnd.oci.image.layer.v1.tar${suffix}`, digest, size: data.length }
  })
  const store: BlobStore = {
    label: 'memory',
    readDocument: async (d) => blobs.get(d.digest) as Buffer,
    openBlob: async (d) => Readable.from([blobs.get(d.digest) as Buffer]),
  }
  const image: PlatformImage = {
    platform: 'linux/amd64',
    manifestDigest: 'm',
    configDigest: 'c',
    config: {},
    layers: descriptors,
  }
  return { store, image }
}

const signal = new AbortController().signal
const npm = (name: string, version: string) => JSON.stringify({ name, version, license: 'MIT' })

describe('collectImageFiles', () => {
  it.each<Compression>(['gzip', 'zstd', 'plain'])('reads %s layers', async (compression) => {
    const { store, image } = memoryImage([
      [{ 'lib/apk/db/installed': 'P:musl\nV:1.2.4-r2\n\n' }, compression],
    ])
    const found = await collectImageFiles(store, image, signal)
    expect([...found.files.keys()]).toEqual(['lib/apk/db/installed'])
  })

  it('applies layers in order: a later file replaces, whiteouts delete only what lower layers wrote', async () => {
    const layers: Array<[LayerFiles, Compression]> = [
      [
        {
          'app/node_modules/a/package.json': npm('a', '1.0.0'),
          'app/node_modules/b/package.json': npm('b', '1.0.0'),
        },
        'gzip',
      ],
      [
        {
          // The whiteout deletes layer 1's b; the same layer's own new b stays.
          'app/node_modules/.wh.b': '',
          'app/node_modules/b/package.json': npm('b', '2.0.0'),
          'app/node_modules/a/package.json': npm('a', '1.1.0'),
        },
        'zstd',
      ],
      [{ 'app/node_modules/c/package.json': npm('c', '1.0.0') }, 'plain'],
      // An opaque folder hides everything the layers below put in it.
      [{ 'app/node_modules/.wh..wh..opq': '', 'app/node_modules/d/package.json': npm('d', '1.0.0') }, 'gzip'],
    ]
    const names = async (count: number) => {
      const { store, image } = memoryImage(layers.slice(0, count))
      const inventory = await buildInventory(await collectImageFiles(store, image, signal), '/tmp')
      return inventory.packages.map((p) => `${p.name}@${p.version}`).sort()
    }
    expect(await names(3)).toEqual(['a@1.1.0', 'b@2.0.0', 'c@1.0.0'])
    expect(await names(4)).toEqual(['d@1.0.0'])
  })

  it('fails a layer whose bytes are not its digest', async () => {
    const { store, image } = memoryImage([[{ 'etc/os-release': 'ID=debian\n' }, 'gzip']])
    const layer = image.layers[0] as Descriptor
    const bad = { ...image, layers: [{ ...layer, digest: `sha256:${'0'.repeat(64)}` }] }
    const tampered: BlobStore = { ...store, openBlob: () => store.openBlob(layer, signal) }
    await expect(collectImageFiles(tampered, bad, signal)).rejects.toThrow(/expected sha256:0{64}/)
  })

  it('reports a BerkeleyDB rpmdb as not inventoried, and reads os-release', async () => {
    const { store, image } = memoryImage([
      [{ 'etc/os-release': 'ID=rhel\nVERSION_ID=8.9\n', 'var/lib/rpm/Packages': 'berkeley' }, 'gzip'],
    ])
    const inventory = await buildInventory(await collectImageFiles(store, image, signal), '/tmp')
    expect(inventory.distro).toEqual({ id: 'rhel', versionId: '8.9' })
    expect(inventory.notInventoried).toEqual(['/var/lib/rpm/Packages: a BerkeleyDB rpmdb, which is not read'])
  })

  it.runIf(existsSync('/usr/bin/skopeo'))(
    'finds the Go toolchain of a real Go binary in a layer (stdlib)',
    async () => {
      const { store, image } = memoryImage([
        [{ 'usr/bin/skopeo': { content: readFileSync('/usr/bin/skopeo'), mode: 0o755 } }, 'plain'],
      ])
      const inventory = await buildInventory(await collectImageFiles(store, image, signal), '/tmp')
      expect(inventory.packages).toEqual([
        expect.objectContaining({
          name: 'stdlib',
          ecosystem: 'Go',
          location: '/usr/bin/skopeo',
          purl: expect.stringMatching(/^pkg:golang\/stdlib@v1\.\d+/),
        }),
      ])
    },
  )

  it('reads a hard link to a file it read as that file', async () => {
    const { store, image } = memoryImage([
      [
        {
          'usr/lib/os-release': 'ID=debian\nVERSION_ID="12"\n',
          'etc/os-release': { link: 'usr/lib/os-release' },
        },
        'gzip',
      ],
      [{ 'usr/lib/.wh.os-release': '' }, 'gzip'],
    ])
    const found = await collectImageFiles(store, image, signal)
    // The whiteout removes one name; the other link still holds the content.
    expect([...found.files.keys()]).toEqual(['etc/os-release'])
    expect((await buildInventory(found, '/tmp')).distro).toEqual({ id: 'debian', versionId: '12' })
  })

  it("takes a package's licences from its own copyright file, else from its source package's", async () => {
    const copyright = (licence: string) =>
      `Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\nFiles: *\nLicense: ${licence}\n`
    const status = [
      'Package: libssl3\nStatus: install ok installed\nSource: openssl\nVersion: 3.0.11-1\n',
      'Package: openssl\nStatus: install ok installed\nVersion: 3.0.11-1\n',
      'Package: zlib1g\nStatus: install ok installed\nSource: zlib\nVersion: 1:1.2.13.dfsg-1\n',
    ].join('\n')
    const { store, image } = memoryImage([
      [
        {
          'var/lib/dpkg/status': status,
          'usr/share/doc/openssl/copyright': copyright('Apache-2.0'),
          'usr/share/doc/zlib1g/copyright': copyright('Zlib'),
        },
        'gzip',
      ],
    ])
    const inventory = await buildInventory(await collectImageFiles(store, image, signal), '/tmp')
    expect(inventory.packages.map((p) => [p.name, p.licenses])).toEqual([
      ['libssl3', ['Apache-2.0']],
      ['openssl', ['Apache-2.0']],
      ['zlib1g', ['Zlib']],
    ])
  })

  it('holds the files it reads within a memory budget; what is over it makes the inventory partial', async () => {
    const pkg = (name: string) => npm(name, '1.0.0').padEnd(100, ' ')
    const layers: Array<[LayerFiles, Compression]> = [
      [{ 'app/node_modules/a/package.json': pkg('a'), 'app/node_modules/b/package.json': pkg('b') }, 'gzip'],
      [{ 'app/node_modules/c/package.json': pkg('c') }, 'gzip'],
    ]
    const { store, image } = memoryImage(layers)
    const found = await collectImageFiles(store, image, signal, undefined, { totalBytes: 250 })
    expect([...found.files.keys()].sort()).toEqual([
      'app/node_modules/a/package.json',
      'app/node_modules/b/package.json',
    ])
    expect([...found.overBudget]).toEqual([['app/node_modules/c/package.json', 100]])
    const inventory = await buildInventory(found, '/tmp')
    expect(inventory.notInventoried).toEqual([
      '1 file not read, over the memory budget: /app/node_modules/c/package.json',
    ])
    // A later layer deleting a file frees its share of the budget for the files after it.
    const freed = memoryImage([
      ...layers.slice(0, 1),
      [{ 'app/node_modules/.wh.a': '' }, 'gzip'],
      layers[1] as [LayerFiles, Compression],
    ])
    const after = await collectImageFiles(freed.store, freed.image, signal, undefined, { totalBytes: 250 })
    expect([...after.files.keys()].sort()).toEqual([
      'app/node_modules/b/package.json',
      'app/node_modules/c/package.json',
    ])
    expect(after.overBudget.size).toBe(0)
  })

  it('forgets a file skipped for its size once a later layer replaces it with one it can read', async () => {
    const { store, image } = memoryImage([
      [{ 'var/lib/dpkg/status': 'x'.repeat(500) }, 'gzip'],
      [{ 'var/lib/dpkg/status': 'Package: a\nStatus: install ok installed\nVersion: 1\n' }, 'gzip'],
    ])
    const found = await collectImageFiles(store, image, signal, undefined, { fileBytes: 100 })
    expect(found.skipped.size).toBe(0)
    expect((await buildInventory(found, '/tmp')).notInventoried).toEqual([])
  })
})
