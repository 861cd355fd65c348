import { mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, test, vi } from 'vitest'
import { isPostflightError, PostflightError } from '../../errors.ts'
import { ensureDir, writeFileAtomic, writeJsonAtomic } from '../write-atomic.ts'

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>()
  return { ...actual, rename: vi.fn(actual.rename) }
})

const posix = process.platform !== 'win32'
let dir: string

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'postflight-fs-'))
})

afterEach(async () => {
  vi.mocked(rename).mockClear()
  await rm(dir, { recursive: true, force: true })
})

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection')
    },
    (err: unknown) => err,
  )
}

describe('#writeFileAtomic', () => {
  describe('when the file does not exist', () => {
    test.each([
      ['a string', 'héllo\n', 'héllo\n'],
      ['bytes', new Uint8Array([104, 105]), 'hi'],
      ['an empty string', '', ''],
    ])('writes %s and leaves no temp file', async (_name, data, expected) => {
      const file = path.join(dir, 'out.txt')
      await writeFileAtomic(file, data)
      expect(await readFile(file, 'utf8')).toBe(expected)
      expect(await readdir(dir)).toEqual(['out.txt'])
    })
  })

  describe('when the data is a stream of chunks', () => {
    it('writes them in order', async () => {
      const file = path.join(dir, 'out.txt')
      async function* chunks() {
        yield 'a'
        yield new Uint8Array([98])
        yield 'c'
      }
      await writeFileAtomic(file, chunks())
      expect(await readFile(file, 'utf8')).toBe('abc')
    })
  })

  describe('when the data source fails part-way', () => {
    it('keeps the old file intact and removes the temp file', async () => {
      const file = path.join(dir, 'results.json')
      await writeFile(file, 'old content')
      async function* failing() {
        yield 'new content, first half'
        throw new Error('source died')
      }
      const err = await rejection(writeFileAtomic(file, failing()))
      expect(isPostflightError(err, 'IO')).toBe(true)
      expect((err as Error).message).toContain('source died')
      expect((err as PostflightError).field).toBe(file)
      expect(await readFile(file, 'utf8')).toBe('old content')
      expect(await readdir(dir)).toEqual(['results.json'])
    })
  })

  describe('when the data source fails with a PostflightError', () => {
    it('rethrows it unchanged', async () => {
      const file = path.join(dir, 'out.txt')
      const aborted = new PostflightError('ABORTED', 'cancelled')
      async function* failing(): AsyncGenerator<string> {
        yield 'x'
        throw aborted
      }
      expect(await rejection(writeFileAtomic(file, failing()))).toBe(aborted)
      expect(await readdir(dir)).toEqual([])
    })
  })

  describe('when the rename fails', () => {
    it('keeps the old file intact and removes the temp file', async () => {
      const file = path.join(dir, 'results.json')
      await writeFile(file, 'old content')
      vi.mocked(rename).mockRejectedValueOnce(Object.assign(new Error('EXDEV: simulated'), { code: 'EXDEV' }))
      const err = await rejection(writeFileAtomic(file, 'new content'))
      expect(isPostflightError(err, 'IO')).toBe(true)
      expect(rename).toHaveBeenCalledTimes(1)
      expect(await readFile(file, 'utf8')).toBe('old content')
      expect(await readdir(dir)).toEqual(['results.json'])
    })
  })

  describe('when the directory does not exist', () => {
    it('throws IO naming the file', async () => {
      const file = path.join(dir, 'missing', 'out.txt')
      const err = await rejection(writeFileAtomic(file, 'x'))
      expect(isPostflightError(err, 'IO')).toBe(true)
      expect((err as Error).message).toContain(file)
    })
  })

  describe('when many writers race on one file', () => {
    it('leaves one complete version and no temp files', async () => {
      const file = path.join(dir, 'out.txt')
      const versions = Array.from({ length: 20 }, (_, i) => `version ${i} `.repeat(5000))
      await Promise.all(versions.map((v) => writeFileAtomic(file, v)))
      expect(versions).toContain(await readFile(file, 'utf8'))
      expect(await readdir(dir)).toEqual(['out.txt'])
    })
  })

  describe.runIf(posix)('when file modes apply', () => {
    it('sets an explicit mode exactly, regardless of the umask', async () => {
      const file = path.join(dir, 'out.txt')
      const previous = process.umask(0o022)
      try {
        await writeFileAtomic(file, 'x', { mode: 0o664 })
      } finally {
        process.umask(previous)
      }
      expect((await stat(file)).mode & 0o777).toBe(0o664)
    })

    it('keeps the mode of the file it replaces', async () => {
      const file = path.join(dir, 'run.sh')
      await writeFile(file, 'old', { mode: 0o755 })
      await writeFileAtomic(file, 'new')
      expect((await stat(file)).mode & 0o777).toBe(0o755)
    })
  })
})

describe('#writeJsonAtomic', () => {
  describe('when the value is JSON-able', () => {
    it('writes pretty JSON with a trailing newline', async () => {
      const file = path.join(dir, 'r.json')
      await writeJsonAtomic(file, { a: [1, 2], b: 'x' })
      expect(await readFile(file, 'utf8')).toBe('{\n  "a": [\n    1,\n    2\n  ],\n  "b": "x"\n}\n')
    })
  })

  describe('when the value has no JSON form', () => {
    it('throws without touching the file', async () => {
      const file = path.join(dir, 'r.json')
      await writeFile(file, '{}\n')
      expect(isPostflightError(await rejection(writeJsonAtomic(file, undefined)), 'INTERNAL')).toBe(true)
      expect(await readFile(file, 'utf8')).toBe('{}\n')
    })
  })
})

describe('#ensureDir', () => {
  describe('when the directory and its parents are missing', () => {
    it('creates them, and is a no-op the second time', async () => {
      const target = path.join(dir, 'a', 'b', 'c')
      await ensureDir(target)
      await ensureDir(target)
      expect((await stat(target)).isDirectory()).toBe(true)
    })
  })

  describe('when a file is in the way', () => {
    it('throws IO naming the directory', async () => {
      const file = path.join(dir, 'file')
      await writeFile(file, '')
      const err = await rejection(ensureDir(path.join(file, 'sub')))
      expect(isPostflightError(err, 'IO')).toBe(true)
      expect((err as PostflightError).field).toBe(path.join(file, 'sub'))
    })
  })
})
