import { mkdir, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { resolvesInside } from '../link-resolve.ts'
import { tempDirs } from './fixtures.ts'

const dirs = tempDirs()
let root: string

beforeAll(async () => {
  const base = await dirs.make()
  root = join(base, 'root')
  await mkdir(join(root, 'sub/deep'), { recursive: true })
  await writeFile(join(root, 'sub/file'), 'x')
  const links: Array<[string, string]> = [
    ['sub/to-file', 'file'],
    ['sub/up', '..'],
    ['sub/up-then-sub', 'up/..'],
    ['sub/deep/chain', '../to-file'],
    ['dangling-inside', 'sub/missing/more'],
    ['dangling-outside', '../missing'],
    ['abs-inside', join(root, 'sub')],
    ['abs-outside', base],
    ['loop-a', 'loop-b'],
    ['loop-b', 'loop-a'],
  ]
  for (const [path, target] of links) await symlink(target, join(root, path))
})

afterAll(() => dirs.cleanup())

const cases: Array<[string, boolean]> = [
  ['sub/file', true],
  ['sub/to-file', true],
  ['sub/up', true],
  ['sub/deep/chain', true],
  ['dangling-inside', true],
  ['abs-inside', true],
  ['sub/up-then-sub', false],
  ['sub/up/sub/up/..', false],
  ['dangling-outside', false],
  ['abs-outside', false],
  ['loop-a', false],
]

describe('#resolvesInside', () => {
  describe('when following every link as the OS would', () => {
    test.each(cases)('resolves %s inside: %s', async (path, inside) => {
      expect(await resolvesInside(root, path.split('/'))).toBe(inside)
    })
  })
})
