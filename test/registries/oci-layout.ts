import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export interface LayoutImage {
  os: string
  architecture: string
  variant?: string
}

interface Blob {
  digest: string
  size: number
}

/**
 * Writes an OCI image layout (https://github.com/opencontainers/image-spec/blob/main/image-layout.md)
 * by hand: per platform one uncompressed tar layer holding one file, its config and its manifest;
 * with several platforms an image index over them. `index.json` names it `tag`, for
 * `skopeo copy oci:<dir>:<tag>`. Returns the digest of what the tag points at.
 */
export async function writeOciLayout(dir: string, tag: string, images: LayoutImage[]): Promise<string> {
  const blobs = path.join(dir, 'blobs', 'sha256')
  await mkdir(blobs, { recursive: true })
  await writeFile(path.join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }))
  const put = async (data: Buffer): Promise<Blob> => {
    const hex = createHash('sha256').update(data).digest('hex')
    await writeFile(path.join(blobs, hex), data)
    return { digest: `sha256:${hex}`, size: data.length }
  }
  const manifests = []
  for (const image of images) {
    const layer = await put(await tarOf(`${image.os}/${image.architecture} ${tag}\n`))
    const config = await put(
      Buffer.from(
        JSON.stringify({
          ...image,
          config: { Cmd: ['/hello'] },
          rootfs: { type: 'layers', diff_ids: [layer.digest] },
        }),
      ),
    )
    const manifest = await put(
      Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
          layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', ...layer }],
        }),
      ),
    )
    manifests.push({ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...manifest, platform: image })
  }
  const only = manifests[0]
  const top =
    manifests.length === 1 && only
      ? only
      : {
          mediaType: 'application/vnd.oci.image.index.v1+json',
          ...(await put(
            Buffer.from(
              JSON.stringify({
                schemaVersion: 2,
                mediaType: 'application/vnd.oci.image.index.v1+json',
                manifests,
              }),
            ),
          )),
        }
  const { platform: _platform, ...descriptor } = top as typeof top & { platform?: LayoutImage }
  await writeFile(
    path.join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [{ ...descriptor, annotations: { 'org.opencontainers.image.ref.name': tag } }],
    }),
  )
  return top.digest
}

/** A real tar made by tar(1), holding one small file. */
async function tarOf(content: string): Promise<Buffer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'oci-layer-'))
  try {
    await writeFile(path.join(dir, 'hello'), content)
    const tar = path.join(dir, 'layer.tar')
    await run('tar', ['--sort=name', '--mtime=@0', '--owner=0', '--group=0', '-cf', tar, '-C', dir, 'hello'])
    return await readFile(tar)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
