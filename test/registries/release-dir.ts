import { createHash } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { RegistryDigests, RegistryFile } from '../../actions/verify-artifacts/src/registries/index.ts'

/** A release folder written from bytes, with the digest table the engine would have computed. */
export class ReleaseDir {
  dir = ''
  readonly files: RegistryFile[] = []
  readonly digests = new Map<string, Record<string, string>>()

  async create(entries: Record<string, Buffer>): Promise<this> {
    this.dir = await mkdtemp(path.join(os.tmpdir(), 'registry-release-'))
    for (const [name, data] of Object.entries(entries)) {
      const file = path.join(this.dir, name)
      await writeFile(file, data)
      this.files.push({ name, path: file })
      this.digests.set(name, { sha256: createHash('sha256').update(data).digest('hex') })
    }
    return this
  }

  get table(): RegistryDigests {
    return this.digests
  }

  async remove(): Promise<void> {
    if (this.dir) await rm(this.dir, { recursive: true, force: true })
  }
}
