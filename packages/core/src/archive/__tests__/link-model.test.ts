import { describe, expect, it } from 'vitest'
import type { EntryHeader } from '../entry-safety.ts'
import { LinkModel } from '../link-model.ts'
import { resolvePath } from '../link-resolve.ts'
import type { UnsafeEntry } from '../types.ts'

function checkAll(entries: EntryHeader[]): UnsafeEntry[] {
  const model = new LinkModel()
  const unsafe = entries.flatMap((entry) => model.check(entry) ?? [])
  return [...unsafe, ...model.escapes()]
}

const symlink = (name: string, linkTarget: string): EntryHeader => ({ name, kind: 'symlink', linkTarget })
const file = (name: string): EntryHeader => ({ name, kind: 'file' })

describe('#resolvePath', () => {
  describe('when nothing on the path is a link', () => {
    it('resolves lexically from the base, and stops before the last segment when told', () => {
      const run = (base: string[], segments: string[], followLast: boolean) => {
        const steps = resolvePath(base, segments, followLast)
        const asked: string[] = []
        let step = steps.next()
        while (!step.done) {
          asked.push(step.value.join('/'))
          step = steps.next(undefined)
        }
        return { asked, result: step.value }
      }
      expect(run(['a'], ['b', '..', 'c'], true)).toEqual({
        asked: ['a/b', 'a/c'],
        result: { inside: true, path: ['a', 'c'] },
      })
      expect(run([], ['b', 'c'], false)).toEqual({ asked: ['b'], result: { inside: true, path: ['b', 'c'] } })
      expect(run(['a'], ['..', '..'], true).result).toEqual({ inside: false })
    })
  })
})

describe('LinkModel', () => {
  describe('when links grow without end', () => {
    it('refuses a chain that doubles at each link instead of following it', () => {
      // l20 would expand to 2^20 segments; the hop bound stops it long before.
      const entries = [symlink('l0', '.')]
      for (let i = 1; i <= 20; i++) entries.push(symlink(`l${i}`, `l${i - 1}/l${i - 1}`))
      entries.push(file('l20/x'))
      const unsafe = checkAll(entries)
      expect(unsafe.map((u) => u.name)).toContain('l20')
      expect(unsafe.map((u) => u.name)).toContain('l20/x')
      expect(unsafe.every((u) => u.reason === 'link-escape')).toBe(true)
    })

    it('refuses a target that expands past the segment bound', () => {
      const unsafe = checkAll([symlink('a', '.'), symlink('long', Array(5000).fill('a').join('/'))])
      expect(unsafe).toEqual([{ name: 'long', reason: 'link-escape', linkTarget: expect.any(String) }])
    })
  })

  describe('when the archive is large', () => {
    it('checks 100,000 entries among 1,000 links in linear time', () => {
      const model = new LinkModel()
      const started = performance.now()
      for (let i = 0; i < 100_000; i++) {
        const dir = `pkg/d${i % 1000}/sub/deeper`
        const entry = i % 100 === 0 ? symlink(`${dir}/link${i}`, '../../sub/file') : file(`${dir}/f${i}`)
        expect(model.check(entry)).toBeUndefined()
      }
      expect(model.escapes()).toEqual([])
      // Generous: a quadratic model takes minutes here.
      expect(performance.now() - started).toBeLessThan(4000)
    })
  })
})
