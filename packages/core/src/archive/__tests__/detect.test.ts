import { describe, expect, test } from 'vitest'
import { detectArchiveFormat } from '../detect.ts'
import type { ArchiveFormat } from '../types.ts'

const byName: Array<[string, ArchiveFormat | undefined]> = [
  ['tool-1.2.3-linux-amd64.tar.gz', 'tar.gz'],
  ['tool.TGZ', 'tar.gz'],
  ['tool.tar.xz', 'tar.xz'],
  ['tool.txz', 'tar.xz'],
  ['tool.tar.bz2', 'tar.bz2'],
  ['tool.tbz2', 'tar.bz2'],
  ['tool.tar.zst', 'tar.zst'],
  ['tool.tzst', 'tar.zst'],
  ['tool.tar', 'tar'],
  ['tool-windows.zip', 'zip'],
  ['lib.jar', 'zip'],
  ['tool-linux.gz', 'gz'],
  ['tool.xz', 'xz'],
  ['tool.bz2', 'bz2'],
  ['tool.zst', 'zst'],
  ['checksums.txt', undefined],
  ['tool.exe', undefined],
  ['tool.tar.gz.sig', undefined],
]

describe('#detectArchiveFormat', () => {
  describe('when only the name is known', () => {
    test.each(byName)('reads %s as %s', (name, format) => {
      expect(detectArchiveFormat(name)).toBe(format)
    })
  })

  describe('when the first bytes match no format', () => {
    test.each(byName)('still reads %s as %s', (name, format) => {
      expect(detectArchiveFormat(name, new TextEncoder().encode('plain text, no magic here'))).toBe(format)
    })
  })

  describe('when the head is empty', () => {
    test.each(byName)('reads %s by its name alone', (name, format) => {
      expect(detectArchiveFormat(name, new Uint8Array())).toBe(format)
    })
  })
})
