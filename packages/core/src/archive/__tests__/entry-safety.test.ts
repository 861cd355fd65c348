import { describe, expect, it, test } from 'vitest'
import { checkEntry, type EntryHeader, resolveSegments } from '../entry-safety.ts'
import type { UnsafeReason } from '../types.ts'

const safe: Array<[EntryHeader, string]> = [
  [{ name: 'bin/tool', kind: 'file' }, 'bin/tool'],
  [{ name: './bin/tool', kind: 'file' }, 'bin/tool'],
  [{ name: 'a//b/./c', kind: 'file' }, 'a/b/c'],
  [{ name: 'a/../b', kind: 'file' }, 'b'],
  [{ name: 'dir\\file', kind: 'file' }, 'dir/file'],
  [{ name: 'dir/', kind: 'directory' }, 'dir'],
  [{ name: './', kind: 'directory' }, ''],
  [{ name: 'lib/libx.so', kind: 'symlink', linkTarget: 'libx.so.1' }, 'lib/libx.so'],
  [{ name: 'bin/tool', kind: 'symlink', linkTarget: '../lib/tool' }, 'bin/tool'],
  [{ name: 'a/b/up', kind: 'symlink', linkTarget: '../..' }, 'a/b/up'],
  [{ name: 'copy', kind: 'hardlink', linkTarget: 'bin/tool' }, 'copy'],
  [{ name: 'a/copy', kind: 'hardlink', linkTarget: './a/../bin/tool' }, 'a/copy'],
]

const unsafe: Array<[EntryHeader, UnsafeReason]> = [
  [{ name: '/etc/evil', kind: 'file' }, 'absolute-path'],
  [{ name: '\\evil', kind: 'file' }, 'absolute-path'],
  [{ name: 'C:\\evil', kind: 'file' }, 'absolute-path'],
  [{ name: 'c:evil', kind: 'file' }, 'absolute-path'],
  [{ name: '\\\\server\\share\\evil', kind: 'file' }, 'absolute-path'],
  [{ name: '../evil', kind: 'file' }, 'path-traversal'],
  [{ name: 'a/../../evil', kind: 'file' }, 'path-traversal'],
  [{ name: '..\\evil', kind: 'file' }, 'path-traversal'],
  [{ name: 'a/..', kind: 'file' }, 'path-traversal'],
  [{ name: 'ok\0/../../evil', kind: 'file' }, 'path-traversal'],
  [{ name: '.. /evil', kind: 'file' }, 'path-traversal'],
  [{ name: 'a/.../evil', kind: 'file' }, 'path-traversal'],
  [{ name: 'up', kind: 'symlink', linkTarget: '.. /.. /x' }, 'link-escape'],
  [{ name: 'up', kind: 'symlink', linkTarget: '/etc/passwd' }, 'link-escape'],
  [{ name: 'up', kind: 'symlink', linkTarget: 'C:\\Windows' }, 'link-escape'],
  [{ name: 'a', kind: 'symlink', linkTarget: '../../x' }, 'link-escape'],
  [{ name: 'a/b', kind: 'symlink', linkTarget: '../../x' }, 'link-escape'],
  [{ name: 'a/b', kind: 'symlink', linkTarget: '..\\..\\x' }, 'link-escape'],
  [{ name: 'empty', kind: 'symlink', linkTarget: '' }, 'link-escape'],
  [{ name: 'h', kind: 'hardlink', linkTarget: '../x' }, 'link-escape'],
  [{ name: 'h', kind: 'hardlink', linkTarget: '/etc/shadow' }, 'link-escape'],
  [{ name: 'a/h', kind: 'hardlink', linkTarget: 'a/..' }, 'link-escape'],
  [{ name: 'dev/null', kind: 'special' }, 'special-file'],
]

describe('#checkEntry', () => {
  describe('when the entry stays below the root', () => {
    test.each(safe)('accepts %j as %j', (entry, path) => {
      const verdict = checkEntry(entry)
      expect(verdict).toEqual({ safe: true, segments: path === '' ? [] : path.split('/') })
    })
  })

  describe('when the entry leaves the root, points out of it or is not a plain file', () => {
    test.each(unsafe)('refuses %j as %s', (entry, reason) => {
      const verdict = checkEntry(entry)
      expect(verdict.safe).toBe(false)
      if (verdict.safe) return
      expect(verdict.unsafe.reason).toBe(reason)
      expect(verdict.unsafe.name).toBe(entry.name)
      expect(verdict.unsafe.linkTarget).toBe(entry.linkTarget)
    })
  })
})

describe('#resolveSegments', () => {
  describe('when `..` climbs above the root', () => {
    it('returns undefined', () => {
      expect(resolveSegments(['a'], ['..', '..', 'b'])).toBeUndefined()
    })
  })

  describe('when `..` stays below the root', () => {
    it('returns the normalised segments', () => {
      expect(resolveSegments(['a', 'b'], ['..', 'c'])).toEqual(['a', 'c'])
    })
  })
})
