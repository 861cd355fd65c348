import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, test } from 'vitest'
import { isPostflightError } from '../../errors.ts'
import { inspectArchive } from '../inspect.ts'
import type { ArchiveFormat } from '../types.ts'
import {
  cutInHalf,
  makePackageArchives,
  PACKAGE_ARCHIVES,
  PACKAGE_ENTRIES,
  PACKAGE_FILES,
  run,
  sh,
  tempDirs,
} from './fixtures.ts'

const dirs = tempDirs()
let work: string
let contentBytes: number
let blobBytes: number
const whole = PACKAGE_ARCHIVES

// The tar split in two, each half compressed on its own and the results concatenated.
const concatenated: Array<[ArchiveFormat, string, string]> = [
  ['tar.gz', 'multi.tar.gz', 'gzip -c part.aa > multi.tar.gz && gzip -c part.ab >> multi.tar.gz'],
  ['tar.xz', 'multi.tar.xz', 'xz -c part.aa > multi.tar.xz && xz -c part.ab >> multi.tar.xz'],
  ['tar.bz2', 'multi.tar.bz2', 'bzip2 -c part.aa > multi.tar.bz2 && bzip2 -c part.ab >> multi.tar.bz2'],
  ['tar.zst', 'multi.tar.zst', 'zstd -qc part.aa > multi.tar.zst && zstd -qc part.ab >> multi.tar.zst'],
]

const single: Array<[ArchiveFormat, string, string]> = [
  ['gz', 'blob.bin.gz', 'gzip -c pkg/data/blob.bin > blob.bin.gz'],
  ['xz', 'blob.bin.xz', 'xz -c pkg/data/blob.bin > blob.bin.xz'],
  ['bz2', 'blob.bin.bz2', 'bzip2 -c pkg/data/blob.bin > blob.bin.bz2'],
  ['zst', 'blob.bin.zst', 'zstd -qc pkg/data/blob.bin > blob.bin.zst'],
]

beforeAll(async () => {
  work = await dirs.make()
  ;({ contentBytes, blobBytes } = await makePackageArchives(work))
  sh('tar -cf plain.tar pkg && split -n 2 plain.tar part.', work)
  for (const [, , command] of [...concatenated, ...single]) sh(command, work)
})

afterAll(() => dirs.cleanup())

/** A copy of a fixture, so a test can damage it. */
async function copy(file: string, as: string): Promise<string> {
  const target = join(work, as)
  await writeFile(target, await readFile(join(work, file)))
  return target
}

describe('#inspectArchive', () => {
  describe('when the archive is whole', () => {
    test.each(whole)('reads %s (%s) to the end with every entry counted', async (format, file) => {
      const inspection = await inspectArchive(join(work, file))
      expect(inspection).toEqual({
        format,
        entries: PACKAGE_ENTRIES,
        files: PACKAGE_FILES,
        totalBytes: contentBytes,
        unsafe: [],
        ok: true,
      })
    })
  })

  describe('when the compressed tar is several members, streams or frames back to back', () => {
    test.each(concatenated)('reads every part of %s (%s)', async (format, file) => {
      const inspection = await inspectArchive(join(work, file))
      expect(inspection).toEqual({
        format,
        entries: PACKAGE_ENTRIES,
        files: PACKAGE_FILES,
        totalBytes: contentBytes,
        unsafe: [],
        ok: true,
      })
    })
  })

  describe('when the file is one compressed file, not a tar', () => {
    test.each(single)('reads %s as one entry of the uncompressed size', async (format, file) => {
      const inspection = await inspectArchive(join(work, file))
      expect(inspection).toEqual({
        format,
        entries: 1,
        files: 1,
        totalBytes: blobBytes,
        unsafe: [],
        ok: true,
      })
    })
  })

  describe('when the archive is cut in half', () => {
    test.each([...whole, ...single])(
      'reports %s (%s) as truncated, without throwing',
      async (format, file) => {
        const cut = await copy(file, `cut-${file}`)
        await cutInHalf(cut)
        const inspection = await inspectArchive(cut)
        expect(inspection.format).toBe(format)
        expect(inspection.ok).toBe(false)
        expect(inspection.problem?.kind).toBe('truncated')
        expect(inspection.problem?.message).toMatch(format === 'zip' ? /cut short/ : /ends|stops/)
      },
    )

    it('names the entry that was being read', async () => {
      const cut = await copy('pkg.tar.gz', 'cut-named.tar.gz')
      await cutInHalf(cut)
      const inspection = await inspectArchive(cut)
      expect(inspection.problem).toMatchObject({ kind: 'truncated', entry: 'pkg/data/blob.bin' })
      expect(inspection.problem?.message).toContain('pkg/data/blob.bin')
    })
  })

  describe('when a tar stops at an entry boundary without its end-of-archive marker', () => {
    it('reports it as truncated', async () => {
      // Two entries of one 512-byte header and one 512-byte block each: the cut falls between entries.
      sh('tar -cf boundary.tar pkg/README.md pkg/bin/tool', work)
      const cut = join(work, 'boundary.tar')
      sh('truncate -s 2048 boundary.tar', work)
      expect(run('tar', ['-tf', cut], work).trim().split('\n')).toEqual(['pkg/README.md', 'pkg/bin/tool'])
      const inspection = await inspectArchive(cut)
      expect(inspection).toMatchObject({
        ok: false,
        entries: 2,
        problem: { kind: 'truncated', entry: 'pkg/bin/tool' },
      })
      expect(inspection.problem?.message).toMatch(/end-of-archive marker/)
    })
  })

  describe('when a byte inside a zip entry is flipped', () => {
    async function flipInFirstEntry(file: string): Promise<string> {
      const bytes = await readFile(join(work, file))
      // Local header: 30 fixed bytes, then the name and extra field, then the entry's data.
      const dataStart = 30 + bytes.readUInt16LE(26) + bytes.readUInt16LE(28)
      bytes[dataStart + 100] = (bytes[dataStart + 100] ?? 0) ^ 0xff
      const damaged = join(work, `flipped-${file}`)
      await writeFile(damaged, bytes)
      return damaged
    }

    it('reports a stored entry as corrupt through its CRC-32', async () => {
      sh('zip -q -0 -j stored.zip pkg/data/blob.bin', work)
      const inspection = await inspectArchive(await flipInFirstEntry('stored.zip'))
      expect(inspection.ok).toBe(false)
      expect(inspection.problem).toMatchObject({ kind: 'corrupt', entry: 'blob.bin' })
      expect(inspection.problem?.message).toMatch(/CRC-32 mismatch in entry "blob.bin"/)
    })

    it('reports a deflated entry as corrupt', async () => {
      sh('zip -q -9 -j deflated.zip pkg/README.md pkg/data/blob.bin', work)
      const bytes = await readFile(join(work, 'deflated.zip'))
      // Damage blob.bin, the second entry: find its local header after README.md's.
      const second = bytes.indexOf(Buffer.from('PK\x03\x04'), 4)
      const dataStart = second + 30 + bytes.readUInt16LE(second + 26) + bytes.readUInt16LE(second + 28)
      bytes[dataStart + 5000] = (bytes[dataStart + 5000] ?? 0) ^ 0x55
      const damaged = join(work, 'flipped-deflated.zip')
      await writeFile(damaged, bytes)
      const inspection = await inspectArchive(damaged)
      expect(inspection.ok).toBe(false)
      expect(inspection.problem).toMatchObject({ kind: 'corrupt', entry: 'blob.bin' })
    })
  })

  describe('when the file is not an archive', () => {
    it('throws ARCHIVE for a file no name or magic matches', async () => {
      const text = join(work, 'notes.txt')
      await writeFile(text, 'just text')
      const err = await inspectArchive(text).catch((e: unknown) => e)
      expect(isPostflightError(err, 'ARCHIVE')).toBe(true)
    })

    it('throws NOT_FOUND for a missing file', async () => {
      const err = await inspectArchive(join(work, 'missing.tar.gz')).catch((e: unknown) => e)
      expect(isPostflightError(err, 'NOT_FOUND')).toBe(true)
    })

    it('reports garbage named .tar.gz as corrupt', async () => {
      const fake = join(work, 'fake.tar.gz')
      await writeFile(fake, 'this is not gzip data at all')
      const inspection = await inspectArchive(fake)
      expect(inspection).toMatchObject({ format: 'tar.gz', ok: false, problem: { kind: 'corrupt' } })
    })

    it('reports garbage named .zip as corrupt', async () => {
      const fake = join(work, 'fake.zip')
      await writeFile(fake, 'this is not a zip file at all')
      const inspection = await inspectArchive(fake)
      expect(inspection).toMatchObject({ format: 'zip', ok: false, problem: { kind: 'corrupt' } })
    })
  })
})
