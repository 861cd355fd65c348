// openArchive on hand-made docker save folders: what a crafted or broken archive is refused with.
import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openArchive } from '../open-archive.ts'

const sha = (b: Buffer | string) => `sha256:${createHash('sha256').update(b).digest('hex')}`

describe('openArchive (docker save)', () => {
  let tmp: string
  let dir: string
  const signal = new AbortController().signal
  beforeEach(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'open-archive-'))
    dir = path.join(tmp, 'saved')
    await mkdir(dir)
  })
  afterEach(() => rm(tmp, { recursive: true, force: true }))

  const save = (manifest: unknown) => writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest))

  it('reads a config and layer named inside the archive', async () => {
    const layer = Buffer.alloc(1024)
    await mkdir(path.join(dir, 'l1'))
    await writeFile(path.join(dir, 'l1', 'layer.tar'), layer)
    const config = JSON.stringify({ os: 'linux', architecture: 'amd64', rootfs: { diff_ids: [sha(layer)] } })
    await writeFile(path.join(dir, 'c.json'), config)
    await save([{ Config: 'c.json', Layers: ['l1/layer.tar'] }])
    const image = await openArchive(dir, tmp, signal)
    expect(image.images.map((i) => i.platform)).toEqual(['linux/amd64'])
    expect(image.images[0]?.layers[0]).toMatchObject({ digest: sha(layer), size: 1024 })
  })

  it('refuses a config named outside the archive, without reading it', async () => {
    // A file the runner has that is valid JSON: it must not be read as the config.
    const outside = path.join(tmp, 'secret.json')
    await writeFile(outside, JSON.stringify({ os: 'linux', architecture: 'amd64', rootfs: { diff_ids: [] } }))
    await save([{ Config: '../secret.json', Layers: [] }])
    await expect(openArchive(dir, tmp, signal)).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringMatching(
        /input 'archive': .*the config "\.\.\/secret\.json" outside the archive/,
      ),
    })
  })

  it('refuses a layer named outside the archive (relative or absolute)', async () => {
    const outside = Buffer.from('not a layer of this image')
    await writeFile(path.join(tmp, 'other.tar'), outside)
    const config = JSON.stringify({
      os: 'linux',
      architecture: 'amd64',
      rootfs: { diff_ids: [sha(outside)] },
    })
    await writeFile(path.join(dir, 'c.json'), config)
    for (const layer of ['../other.tar', path.join(tmp, 'other.tar')]) {
      await save([{ Config: 'c.json', Layers: [layer] }])
      await expect(openArchive(dir, tmp, signal)).rejects.toMatchObject({
        code: 'BAD_INPUT',
        message: expect.stringContaining('a layer'),
      })
    }
  })

  it('names the file when manifest.json or the config is not JSON, or a layer is missing', async () => {
    await writeFile(path.join(dir, 'manifest.json'), '{not json')
    await expect(openArchive(dir, tmp, signal)).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringContaining('manifest.json cannot be read as JSON'),
    })
    await writeFile(path.join(dir, 'c.json'), 'nope')
    await save([{ Config: 'c.json', Layers: [] }])
    await expect(openArchive(dir, tmp, signal)).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringContaining('c.json cannot be read as JSON'),
    })
    await writeFile(path.join(dir, 'c.json'), JSON.stringify({ rootfs: { diff_ids: [sha('x')] } }))
    await save([{ Config: 'c.json', Layers: ['gone/layer.tar'] }])
    await expect(openArchive(dir, tmp, signal)).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringContaining('lacks its layer gone/layer.tar'),
    })
  })

  it('names index.json of an OCI layout that is not JSON', async () => {
    await writeFile(path.join(dir, 'index.json'), '')
    await expect(openArchive(dir, tmp, signal)).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringContaining('index.json cannot be read as JSON'),
    })
  })

  it('refuses an archive of several images rather than scan only the first', async () => {
    await save([
      { Config: 'a.json', RepoTags: ['acme/app:1'], Layers: [] },
      { Config: 'b.json', RepoTags: ['acme/worker:1'], Layers: [] },
    ])
    await expect(openArchive(dir, tmp, signal)).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringContaining(
        'holds 2 images (acme/app:1, acme/worker:1); save one image per archive',
      ),
    })
  })

  it('refuses an OCI layout naming several images rather than read them as platforms of one', async () => {
    const entry = (ref: string, arch: string) => ({
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: sha(ref),
      size: 2,
      platform: { os: 'linux', architecture: arch },
      annotations: { 'org.opencontainers.image.ref.name': ref },
    })
    await writeFile(
      path.join(dir, 'index.json'),
      JSON.stringify({ schemaVersion: 2, manifests: [entry('app-1', 'amd64'), entry('worker-1', 'arm64')] }),
    )
    await expect(openArchive(dir, tmp, signal)).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringContaining('holds 2 images (app-1, worker-1); save one image per archive'),
    })
  })
})
