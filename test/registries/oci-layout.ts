import { createHash } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'

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
    const layer = await put(tarOf(`${image.os}/${image.architecture} ${tag}\n`))
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

/**
 * A ustar archive holding one file, written here rather than by tar(1): byte-for-byte the same on
 * every OS (GNU and BSD tar disagree on flags), so the image digests are stable.
 */
function tarOf(content: string, name = 'hello'): Buffer {
  const data = Buffer.from(content)
  const header = Buffer.alloc(512)
  const field = (offset: number, length: number, value: string) =>
    header.write(value, offset, length, 'ascii')
  const octal = (offset: number, length: number, value: number) =>
    field(offset, length, `${value.toString(8).padStart(length - 1, '0')}\0`)
  field(0, 100, name)
  octal(100, 8, 0o644)
  octal(108, 8, 0)
  octal(116, 8, 0)
  octal(124, 12, data.length)
  octal(136, 12, 0)
  field(148, 8, '        ')
  field(156, 1, '0')
  field(257, 8, 'ustar\u000000')
  let sum = 0
  for (const byte of header) sum += byte
  field(148, 8, `${sum.toString(8).padStart(6, '0')}\0 `)
  const padding = Buffer.alloc((512 - (data.length % 512)) % 512)
  return Buffer.concat([header, data, padding, Buffer.alloc(1024)])
}
