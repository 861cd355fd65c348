import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inspectArchive } from '../inspect.ts'
import type { UnsafeEntry } from '../types.ts'
import { pythonArchive, tempDirs } from './fixtures.ts'

const dirs = tempDirs()
let work: string

beforeAll(async () => {
  work = await dirs.make()
})

afterAll(() => dirs.cleanup())

describe('#inspectArchive', () => {
  describe('when entries are hostile', () => {
    const tarEntries = [
      { name: 'pkg/ok.txt', type: 'file', data: 'fine' },
      { name: '../evil', type: 'file', data: 'x' },
      { name: '/etc/evil', type: 'file', data: 'x' },
      { name: 'pkg/../../evil', type: 'file', data: 'x' },
      { name: 'passwd', type: 'symlink', target: '/etc/passwd' },
      { name: 'a', type: 'symlink', target: '../../x' },
      { name: 'sub/a', type: 'symlink', target: '../../x' },
      { name: 'hard', type: 'hardlink', target: '../x' },
      { name: 'hard-abs', type: 'hardlink', target: '/etc/shadow' },
      { name: 'fifo', type: 'fifo' },
      { name: 'null', type: 'chr' },
      { name: 'pkg/inside', type: 'symlink', target: '../pkg/ok.txt' },
    ] as const

    it('reports every unsafe tar entry, and only those', async () => {
      const file = await pythonArchive(work, 'hostile.tar', 'tar', [...tarEntries])
      const inspection = await inspectArchive(file)
      const expected: UnsafeEntry[] = [
        { name: '../evil', reason: 'path-traversal' },
        { name: '/etc/evil', reason: 'absolute-path' },
        { name: 'pkg/../../evil', reason: 'path-traversal' },
        { name: 'passwd', reason: 'link-escape', linkTarget: '/etc/passwd' },
        { name: 'a', reason: 'link-escape', linkTarget: '../../x' },
        { name: 'sub/a', reason: 'link-escape', linkTarget: '../../x' },
        { name: 'hard', reason: 'link-escape', linkTarget: '../x' },
        { name: 'hard-abs', reason: 'link-escape', linkTarget: '/etc/shadow' },
        { name: 'fifo', reason: 'special-file' },
        { name: 'null', reason: 'special-file' },
      ]
      expect(inspection).toMatchObject({
        format: 'tar',
        entries: tarEntries.length,
        ok: false,
        unsafe: expected,
      })
      expect(inspection.problem).toBeUndefined()
    })

    it('reports every unsafe zip entry, backslash names included', async () => {
      const file = await pythonArchive(work, 'hostile.zip', 'zip', [
        { name: 'pkg/ok.txt', type: 'file', data: 'fine' },
        { name: '../evil', type: 'file', data: 'x' },
        { name: '/etc/evil', type: 'file', data: 'x' },
        { name: 'C:\\evil', type: 'file', data: 'x' },
        { name: '\\evil', type: 'file', data: 'x' },
        { name: '..\\..\\evil', type: 'file', data: 'x' },
        { name: 'passwd', type: 'symlink', target: '/etc/passwd' },
        { name: 'a', type: 'symlink', target: '../../x' },
        { name: 'fifo', type: 'fifo' },
        { name: 'pkg\\inside.txt', type: 'file', data: 'fine too' },
      ])
      const inspection = await inspectArchive(file)
      expect(inspection.unsafe).toEqual([
        { name: '../evil', reason: 'path-traversal' },
        { name: '/etc/evil', reason: 'absolute-path' },
        { name: 'C:\\evil', reason: 'absolute-path' },
        { name: '\\evil', reason: 'absolute-path' },
        { name: '..\\..\\evil', reason: 'path-traversal' },
        { name: 'passwd', reason: 'link-escape', linkTarget: '/etc/passwd' },
        { name: 'a', reason: 'link-escape', linkTarget: '../../x' },
        { name: 'fifo', reason: 'special-file' },
      ])
      expect(inspection).toMatchObject({ format: 'zip', entries: 10, ok: false })
      expect(inspection.problem).toBeUndefined()
    })
  })
})
