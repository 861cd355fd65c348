import { chmod, lstat, mkdir, readFile, readlink, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, test } from 'vitest'
import { isPostflightError } from '../../errors.ts'
import { extractArchive } from '../extract.ts'
import type { UnsafeEntry } from '../types.ts'
import { cutInHalf, type EntrySpec, listTree, pythonArchive, run, sh, tempDirs } from './fixtures.ts'

const dirs = tempDirs()
// base/ holds the archive, dest/ (where it is extracted) and outside/ (which must never change).
let base: string
let dest: string
let outside: string

beforeEach(async () => {
  base = await dirs.make()
  dest = join(base, 'dest')
  outside = join(base, 'outside')
  await mkdir(outside)
  await writeFile(join(outside, 'secret'), 'canary')
})

afterEach(() => dirs.cleanup())

/** Everything under base that is not the archive, the script or below dest. */
async function strayFiles(): Promise<string[]> {
  const all = await listTree(base)
  return all.filter((p) => p !== 'dest' && !p.startsWith('dest/') && !/^[^/]+\.(tar|zip|gz|py)$/.test(p))
}

async function makePackage(): Promise<void> {
  await mkdir(join(base, 'pkg/bin'), { recursive: true })
  await writeFile(join(base, 'pkg/bin/tool'), '#!/bin/sh\necho tool-ran\n')
  await chmod(join(base, 'pkg/bin/tool'), 0o755)
  await writeFile(join(base, 'pkg/README.md'), 'readme\n')
  await chmod(join(base, 'pkg/README.md'), 0o644)
  sh('cd pkg && ln -s bin/tool run-tool', base)
}

describe('#extractArchive', () => {
  describe('when the archive is a well-formed package', () => {
    test.each([
      ['tar.gz', 'tar -czf pkg.tar.gz pkg', 'pkg.tar.gz'],
      ['tar.xz', 'tar -cJf pkg.tar.xz pkg', 'pkg.tar.xz'],
      ['zip', 'zip -qry pkg.zip pkg', 'pkg.zip'],
    ])('extracts %s with the executable bit and symlinks kept', async (format, command, file) => {
      await makePackage()
      sh(command, base)
      const result = await extractArchive(join(base, file), dest)
      expect(result).toMatchObject({ format, ok: true, skipped: [], files: 2 })
      expect(result.extracted.sort()).toEqual([
        'pkg',
        'pkg/README.md',
        'pkg/bin',
        'pkg/bin/tool',
        'pkg/run-tool',
      ])
      expect((await stat(join(dest, 'pkg/bin/tool'))).mode & 0o777).toBe(0o755)
      expect((await stat(join(dest, 'pkg/README.md'))).mode & 0o111).toBe(0)
      expect(run(join(dest, 'pkg/bin/tool'), [], dest)).toBe('tool-ran\n')
      expect(await readlink(join(dest, 'pkg/run-tool'))).toBe('bin/tool')
      expect(run(join(dest, 'pkg/run-tool'), [], dest)).toBe('tool-ran\n')
      expect(await listTree(dest)).not.toContainEqual(expect.stringMatching(/partial/))
    })
  })

  describe('when entries are hostile', () => {
    const hostile = (): EntrySpec[] => [
      { name: 'ok.txt', type: 'file', data: 'fine' },
      { name: '../outside/evil', type: 'file', data: 'x' },
      { name: `${outside}/absolute-evil`, type: 'file', data: 'x' },
      { name: 'abs-link', type: 'symlink', target: outside },
      { name: 'abs-link/through-abs', type: 'file', data: 'x' },
      { name: 'passwd', type: 'symlink', target: '/etc/passwd' },
      { name: 'sub/a', type: 'symlink', target: '../../outside/x' },
      { name: 'inside-link', type: 'symlink', target: 'sub' },
      { name: 'inside-link/through-inside', type: 'file', data: 'x' },
    ]

    test.each(['tar', 'zip'] as const)('writes nothing outside and reports each one (%s)', async (kind) => {
      const file = await pythonArchive(base, `hostile.${kind}`, kind, hostile())
      const result = await extractArchive(file, dest)
      expect(await strayFiles()).toEqual(['outside', 'outside/secret'])
      expect(await readFile(join(outside, 'secret'), 'utf8')).toBe('canary')
      expect(result.skipped).toEqual<UnsafeEntry[]>([
        { name: '../outside/evil', reason: 'path-traversal' },
        { name: `${outside}/absolute-evil`, reason: 'absolute-path' },
        { name: 'abs-link', reason: 'link-escape', linkTarget: outside },
        { name: 'passwd', reason: 'link-escape', linkTarget: '/etc/passwd' },
        { name: 'sub/a', reason: 'link-escape', linkTarget: '../../outside/x' },
        { name: 'inside-link/through-inside', reason: 'link-escape', linkTarget: 'sub' },
      ])
      expect(result.ok).toBe(false)
      expect(result.problem).toBeUndefined()
      // The refused link was never made, so its name became a plain directory.
      expect(result.extracted.sort()).toEqual(['abs-link/through-abs', 'inside-link', 'ok.txt'])
      expect((await lstat(join(dest, 'abs-link'))).isDirectory()).toBe(true)
      expect(await readlink(join(dest, 'inside-link'))).toBe('sub')
      expect(await listTree(dest)).toEqual(['abs-link', 'abs-link/through-abs', 'inside-link', 'ok.txt'])
    })

    it('never follows a link whose meaning a later link changes', async () => {
      // sub/l2 -> l/.. looks like sub/ lexically, but once sub/l -> .. is on disk it is the parent of dest.
      const file = await pythonArchive(base, 'chain.tar', 'tar', [
        { name: 'sub/l2', type: 'symlink', target: 'l/..' },
        { name: 'sub/l', type: 'symlink', target: '..' },
        { name: 'sub/l2/outside/evil', type: 'file', data: 'x' },
      ])
      const result = await extractArchive(file, dest)
      expect(await strayFiles()).toEqual(['outside', 'outside/secret'])
      expect(result.skipped).toEqual<UnsafeEntry[]>([
        { name: 'sub/l2/outside/evil', reason: 'link-escape', linkTarget: 'l/..' },
        { name: 'sub/l2', reason: 'link-escape', linkTarget: 'l/..' },
      ])
      expect(result.extracted.sort()).toEqual(['sub/l'])
      expect(await listTree(dest)).toEqual(['sub', 'sub/l'])
    })

    it('refuses hardlinks out of the root, and through a link', async () => {
      const file = await pythonArchive(base, 'hard.tar', 'tar', [
        { name: 'real/target', type: 'file', data: 'content' },
        { name: 'h-up', type: 'hardlink', target: '../outside/secret' },
        { name: 'h-abs', type: 'hardlink', target: `${outside}/secret` },
        { name: 'via', type: 'symlink', target: 'real' },
        { name: 'h-via', type: 'hardlink', target: 'via/target' },
        { name: 'h-ok', type: 'hardlink', target: 'real/target' },
      ])
      const result = await extractArchive(file, dest)
      expect(result.skipped).toEqual<UnsafeEntry[]>([
        { name: 'h-up', reason: 'link-escape', linkTarget: '../outside/secret' },
        { name: 'h-abs', reason: 'link-escape', linkTarget: `${outside}/secret` },
        { name: 'h-via', reason: 'link-escape', linkTarget: 'real' },
      ])
      expect((await stat(join(dest, 'h-ok'))).ino).toBe((await stat(join(dest, 'real/target'))).ino)
      expect((await stat(join(outside, 'secret'))).nlink).toBe(1)
    })

    it('creates no device or fifo', async () => {
      const file = await pythonArchive(base, 'special.tar', 'tar', [
        { name: 'fifo', type: 'fifo' },
        { name: 'null', type: 'chr' },
      ])
      const result = await extractArchive(file, dest)
      expect(result.skipped.map((s) => s.reason)).toEqual(['special-file', 'special-file'])
      expect(await listTree(dest)).toEqual([])
    })
  })

  describe('when the archive is cut short', () => {
    it('keeps the whole files, removes the partial one and reports the problem', async () => {
      await makePackage()
      sh(
        'head -c 300000 /dev/urandom > pkg/z-big.bin && tar -czf pkg.tar.gz pkg/README.md pkg/z-big.bin',
        base,
      )
      await cutInHalf(join(base, 'pkg.tar.gz'))
      const result = await extractArchive(join(base, 'pkg.tar.gz'), dest)
      expect(result).toMatchObject({ ok: false, problem: { kind: 'truncated', entry: 'pkg/z-big.bin' } })
      expect(result.extracted).toEqual(['pkg/README.md'])
      expect(await listTree(dest)).toEqual(['pkg', 'pkg/README.md'])
    })
  })

  describe('when a limit is passed', () => {
    it('stops a compression bomb at the limit and leaves no partial file', async () => {
      sh('head -c 67108864 /dev/zero | gzip -9 > zeros.gz', base)
      const result = await extractArchive(join(base, 'zeros.gz'), dest, {
        limits: { maxTotalBytes: 1_000_000 },
      })
      expect(result).toMatchObject({ ok: false, problem: { kind: 'limit', entry: 'zeros' }, extracted: [] })
      expect(await listTree(dest)).toEqual([])
    })

    it('stops at the entry count', async () => {
      await makePackage()
      sh('zip -qry pkg.zip pkg', base)
      const result = await extractArchive(join(base, 'pkg.zip'), dest, { limits: { maxEntries: 2 } })
      expect(result).toMatchObject({ ok: false, problem: { kind: 'limit' } })
      expect(result.extracted.length).toBeLessThanOrEqual(2)
    })
  })

  describe('when the signal is aborted', () => {
    it('throws ABORTED', async () => {
      await makePackage()
      sh('tar -czf pkg.tar.gz pkg', base)
      const err = await extractArchive(join(base, 'pkg.tar.gz'), dest, { signal: AbortSignal.abort() }).catch(
        (e: unknown) => e,
      )
      expect(isPostflightError(err, 'ABORTED')).toBe(true)
    })
  })
})
