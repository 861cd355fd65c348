import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inspectArchive } from '../inspect.ts'
import type { UnsafeEntry } from '../types.ts'
import { type EntrySpec, pythonArchive, sh, tempDirs } from './fixtures.ts'

const dirs = tempDirs()
let work: string

beforeAll(async () => {
  work = await dirs.make()
})

afterAll(() => dirs.cleanup())

/** A .tar.gz of exactly `entries`: python3's tarfile, then the real gzip. */
async function tarGz(file: string, entries: EntrySpec[]): Promise<string> {
  const tar = await pythonArchive(work, `${file}.tar`, 'tar', entries)
  sh(`gzip -f ${file}.tar`, work)
  return `${tar}.gz`
}

describe('#inspectArchive', () => {
  describe('when a path runs through links declared earlier', () => {
    it('reports a chain whose second link climbs out through the first', async () => {
      // a -> . is harmless; b -> a/.. is the parent of the root once a is a link; b/escaped.txt lands there.
      const file = await tarGz('chain-root', [
        { name: 'a', type: 'symlink', target: '.' },
        { name: 'b', type: 'symlink', target: 'a/..' },
        { name: 'b/escaped.txt', type: 'file', data: 'x' },
      ])
      const inspection = await inspectArchive(file)
      expect(inspection.unsafe).toEqual<UnsafeEntry[]>([
        { name: 'b', reason: 'link-escape', linkTarget: 'a/..' },
        { name: 'b/escaped.txt', reason: 'link-escape', linkTarget: 'a/..' },
      ])
      expect(inspection).toMatchObject({ format: 'tar.gz', entries: 3, ok: false })
    })

    it('reports the same chain one directory down', async () => {
      const file = await tarGz('chain-sub', [
        { name: 'x/l', type: 'symlink', target: '..' },
        { name: 'x/l2', type: 'symlink', target: 'l/..' },
        { name: 'x/l2/escaped2.txt', type: 'file', data: 'x' },
      ])
      const inspection = await inspectArchive(file)
      expect(inspection.unsafe).toEqual<UnsafeEntry[]>([
        { name: 'x/l2', reason: 'link-escape', linkTarget: 'l/..' },
        { name: 'x/l2/escaped2.txt', reason: 'link-escape', linkTarget: 'l/..' },
      ])
    })

    it('reports a name whose `..` is taken after a link, not lexically', async () => {
      // d/l/../../x is x lexically, but d/l -> .. makes it the parent of the root.
      const file = await tarGz('dotdot-after-link', [
        { name: 'd/l', type: 'symlink', target: '..' },
        { name: 'd/l/../../x', type: 'file', data: 'x' },
      ])
      const inspection = await inspectArchive(file)
      expect(inspection.unsafe).toEqual<UnsafeEntry[]>([
        { name: 'd/l/../../x', reason: 'link-escape', linkTarget: '..' },
      ])
    })

    it('reports a hardlink whose target runs through links out of the root', async () => {
      // Each link stays inside when declared; d -> . later makes l -> d/.. the parent of the root.
      const file = await tarGz('hardlink-chain', [
        { name: 'l', type: 'symlink', target: 'd/..' },
        { name: 'd', type: 'symlink', target: '.' },
        { name: 'h', type: 'hardlink', target: 'l/etc/passwd' },
      ])
      const inspection = await inspectArchive(file)
      expect(inspection.unsafe).toEqual<UnsafeEntry[]>([
        { name: 'h', reason: 'link-escape', linkTarget: 'l/etc/passwd' },
        // Reported once every link is known: nothing passed through it before.
        { name: 'l', reason: 'link-escape', linkTarget: 'd/..' },
      ])
    })

    it('reports a hardlink to a symlink, whose target means something else at its new place', async () => {
      // A hard link to a symlink is the same symlink: sub/up -> .. is the root, h -> .. is its parent.
      const file = await tarGz('hardlink-to-symlink', [
        { name: 'sub/up', type: 'symlink', target: '..' },
        { name: 'h', type: 'hardlink', target: 'sub/up' },
        { name: 'h/escaped.txt', type: 'file', data: 'x' },
      ])
      const inspection = await inspectArchive(file)
      expect(inspection.unsafe).toEqual<UnsafeEntry[]>([
        { name: 'h', reason: 'link-escape', linkTarget: 'sub/up' },
        { name: 'h/escaped.txt', reason: 'link-escape', linkTarget: '..' },
      ])
    })

    it('reports entries written through a link it already refused', async () => {
      const file = await tarGz('through-refused', [
        { name: 'etc', type: 'symlink', target: '/etc' },
        { name: 'etc/cron.d/job', type: 'file', data: 'x' },
      ])
      const inspection = await inspectArchive(file)
      expect(inspection.unsafe).toEqual<UnsafeEntry[]>([
        { name: 'etc', reason: 'link-escape', linkTarget: '/etc' },
        { name: 'etc/cron.d/job', reason: 'link-escape', linkTarget: '/etc' },
      ])
    })

    it('reports a symlink loop as unsafe instead of following it forever', async () => {
      const file = await tarGz('loop', [
        { name: 'l1', type: 'symlink', target: 'l2' },
        { name: 'l2', type: 'symlink', target: 'l1' },
        { name: 'l1/x', type: 'file', data: 'x' },
      ])
      const inspection = await inspectArchive(file)
      expect(inspection.unsafe).toEqual<UnsafeEntry[]>([
        { name: 'l2', reason: 'link-escape', linkTarget: 'l1' },
        { name: 'l1/x', reason: 'link-escape', linkTarget: 'l2' },
        { name: 'l1', reason: 'link-escape', linkTarget: 'l2' },
      ])
    })

    it('reports the chain in a zip too', async () => {
      const file = await pythonArchive(work, 'chain.zip', 'zip', [
        { name: 'a', type: 'symlink', target: '.' },
        { name: 'b', type: 'symlink', target: 'a/..' },
        { name: 'b/escaped.txt', type: 'file', data: 'x' },
      ])
      const inspection = await inspectArchive(file)
      expect(inspection.unsafe.map((u) => u.name)).toEqual(['b', 'b/escaped.txt'])
    })
  })

  describe('when links stay inside', () => {
    it('passes entries written through them', async () => {
      const file = await tarGz('inside', [
        { name: 'pkg/real/lib.so.1', type: 'file', data: 'x' },
        { name: 'pkg/lib', type: 'symlink', target: 'real' },
        { name: 'pkg/lib/lib.so', type: 'symlink', target: 'lib.so.1' },
        { name: 'pkg/up', type: 'symlink', target: '..' },
        { name: 'pkg/up/pkg/lib/more.txt', type: 'file', data: 'x' },
        { name: 'pkg/self', type: 'symlink', target: '../pkg/./lib/..' },
        { name: 'pkg/copy', type: 'hardlink', target: 'pkg/lib/lib.so.1' },
        { name: 'pkg/dangling', type: 'symlink', target: 'missing/deeper' },
      ])
      const inspection = await inspectArchive(file)
      expect(inspection).toMatchObject({ ok: true, unsafe: [], entries: 8 })
    })
  })
})
