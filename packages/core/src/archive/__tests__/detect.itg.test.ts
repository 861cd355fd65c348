import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ARCHIVE_HEAD_BYTES, detectArchiveFormat, sniffArchiveFormat } from '../detect.ts'
import type { ArchiveFormat } from '../types.ts'
import { sh, tempDirs } from './fixtures.ts'

const dirs = tempDirs()
let work: string

// [file the real tool writes, name to detect it under, expected format]
const made: Array<[string, string, string, ArchiveFormat]> = [
  ['ustar.tar', 'tar --format=ustar -cf ustar.tar pkg', 'asset', 'tar'],
  ['gnu.tar', 'tar --format=gnu -cf gnu.tar pkg', 'asset', 'tar'],
  ['v7.tar', 'tar --format=v7 -cf v7.tar pkg', 'asset', 'tar'],
  ['a.zip', 'zip -qr a.zip pkg', 'asset', 'zip'],
  ['a.gz', 'tar -czf a.gz pkg', 'asset', 'gz'],
  ['a.gz', 'tar -czf a.gz pkg', 'asset.tar.gz', 'tar.gz'],
  ['a.gz', 'tar -czf a.gz pkg', 'mislabelled.tar.xz', 'tar.gz'],
  ['a.gz', 'tar -czf a.gz pkg', 'mislabelled.zip', 'gz'],
  ['a.xz', 'tar -cJf a.xz pkg', 'asset.tgz', 'tar.xz'],
  ['a.bz2', 'tar -cjf a.bz2 pkg', 'asset', 'bz2'],
  ['a.bz2', 'tar -cjf a.bz2 pkg', 'asset.tar.bz2', 'tar.bz2'],
  ['a.zst', 'tar -cf - pkg | zstd -q -o a.zst', 'asset.tar.zst', 'tar.zst'],
  ['plain.tar', 'tar -cf plain.tar pkg', 'claims.tar.gz', 'tar'],
]

beforeAll(async () => {
  work = await dirs.make()
  await mkdir(join(work, 'pkg'))
  await writeFile(join(work, 'pkg/file.txt'), 'content\n')
})

afterAll(() => dirs.cleanup())

describe('#detectArchiveFormat', () => {
  describe('when the first bytes are given', () => {
    test.each(made)('reads %s (made by `%s`) named %s as %s', async (file, command, name, format) => {
      sh(command, work)
      const head = (await readFile(join(work, file))).subarray(0, ARCHIVE_HEAD_BYTES)
      expect(detectArchiveFormat(name, head)).toBe(format)
    })
  })
})

describe('#sniffArchiveFormat', () => {
  describe('when the file is an archive', () => {
    test('reads its head from disk', async () => {
      sh('tar -cJf sniffed.tar.xz pkg', work)
      expect(await sniffArchiveFormat(join(work, 'sniffed.tar.xz'))).toBe('tar.xz')
    })
  })
})
