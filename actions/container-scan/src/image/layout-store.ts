import { createReadStream } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { PostflightError } from '@postflight/core'
import type { BlobStore, Descriptor } from './types.ts'
import { checkDocumentDigest, splitDigest } from './verify-digest.ts'

/**
 * Blobs of an OCI image layout folder (`blobs/<alg>/<hex>`), as `docker save` (Docker 25+),
 * skopeo and buildx write it. `extra` maps digests to other files: a legacy `docker save`
 * archive keeps its layers as `<id>/layer.tar` and its config as `<hex>.json`.
 */
export class LayoutStore implements BlobStore {
  readonly label: string
  readonly #root: string
  readonly #extra: Map<string, string>

  constructor(root: string, label: string, extra: Map<string, string> = new Map()) {
    this.#root = root
    this.label = label
    this.#extra = extra
  }

  pathOf(digest: string): string {
    const known = this.#extra.get(digest)
    if (known) return known
    const { algorithm, hex } = splitDigest(digest, this.label)
    return path.join(this.#root, 'blobs', algorithm, hex)
  }

  async readDocument(descriptor: Pick<Descriptor, 'digest' | 'mediaType'>): Promise<Buffer> {
    const file = this.pathOf(descriptor.digest)
    const bytes = await readFile(file).catch((err: unknown) => {
      throw new PostflightError('ARCHIVE', `${this.label}: blob ${descriptor.digest} is missing`, {
        cause: err,
      })
    })
    checkDocumentDigest(bytes, descriptor.digest, `${this.label}@${descriptor.digest}`)
    return bytes
  }

  async openBlob(descriptor: Descriptor): Promise<Readable> {
    const file = this.pathOf(descriptor.digest)
    await stat(file).catch((err: unknown) => {
      throw new PostflightError('ARCHIVE', `${this.label}: layer ${descriptor.digest} is missing`, {
        cause: err,
      })
    })
    return createReadStream(file)
  }
}
