import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { unlinkSync } from 'node:fs'
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, test } from 'vitest'
import { isPostflightError } from '../../errors.ts'
import { type HashFilesProgress, hashFile, hashFiles } from '../index.ts'

const MiB = 1024 * 1024
let dir: string
let files: string[]

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'postflight-hashfiles-'))
  // 50 files of mixed sizes, a few over the 1 MiB chunk, in no particular size order.
  files = []
  for (let i = 0; i < 50; i++) {
    const size = i % 10 === 3 ? 2 * MiB + i : (i * 7919) % 200_000
    const file = path.join(dir, `asset-${String(i).padStart(2, '0')}.bin`)
    await writeFile(file, randomBytes(size))
    files.push(file)
  }
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

function sha256sums(paths: string[]): string[] {
  const out = execFileSync('sha256sum', paths, { encoding: 'utf8', maxBuffer: 16 * MiB })
  return out
    .trim()
    .split('\n')
    .map((line) => line.slice(0, 64))
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection')
    },
    (err: unknown) => err,
  )
}

describe('#hashFiles', () => {
  describe('when 50 files are hashed in parallel', () => {
    it('returns digests equal to sha256sum and hashFile, in input order', async () => {
      const seen: HashFilesProgress[] = []
      const results = await hashFiles(files, ['sha256', 'sha512'], {
        concurrency: 4,
        onProgress: (p) => seen.push(p),
      })
      expect(results.map((r) => r.path)).toEqual(files)
      expect(results.map((r) => r.digests.sha256)).toEqual(sha256sums(files))
      for (const index of [0, 3, 49]) {
        const file = files[index] ?? ''
        expect(results[index]).toEqual({ path: file, ...(await hashFile(file, ['sha256', 'sha512'])) })
      }
      const last = seen.at(-1)
      expect(last?.filesDone).toBe(50)
      expect(last?.bytesDone).toBe(last?.bytesTotal)
      expect(last?.bytesTotal).toBe(results.reduce((sum, r) => sum + r.size, 0))
    })
  })

  describe('when one worker takes the files in turn', () => {
    it('hashes the largest first', async () => {
      const finished: string[] = []
      const results = await hashFiles(files, ['md5'], {
        concurrency: 1,
        onProgress: (p) => p.finished && finished.push(p.finished),
      })
      const bySize = [...results].sort((a, b) => b.size - a.size).map((r) => r.size)
      expect(finished.map((f) => results.find((r) => r.path === f)?.size)).toEqual(bySize)
    })
  })

  describe('when there are no files', () => {
    it('returns an empty list', async () => {
      expect(await hashFiles([], ['sha256'])).toEqual([])
    })
  })

  describe('when the signal aborts mid-run', () => {
    it('rejects with ABORTED and reports no more progress', async () => {
      const controller = new AbortController()
      let after = 0
      const err = await rejection(
        hashFiles(files, ['sha512'], {
          concurrency: 2,
          signal: controller.signal,
          onProgress: () => {
            if (controller.signal.aborted) after++
            controller.abort()
          },
        }),
      )
      expect(isPostflightError(err, 'ABORTED')).toBe(true)
      expect(after).toBe(0)
    })
  })

  describe('when a path is not a readable file', () => {
    test.each([
      ['missing', 'missing.bin'],
      ['a directory', '.'],
    ])('rejects %s with IO naming it', async (_name, name) => {
      const bad = path.join(dir, name)
      const err = await rejection(hashFiles([files[0] ?? '', bad], ['sha256']))
      expect(isPostflightError(err, 'IO')).toBe(true)
      expect((err as Error).message).toContain(bad)
    })
  })

  describe('when a file disappears after it was listed', () => {
    it('rejects with IO naming the file the worker could not open', async () => {
      const doomed = path.join(dir, 'doomed.bin')
      await writeFile(doomed, 'small')
      const big = files[3] ?? ''
      let removed = false
      const err = await rejection(
        hashFiles([doomed, big], ['sha256'], {
          concurrency: 1,
          onProgress: () => {
            if (!removed) unlinkSync(doomed)
            removed = true
          },
        }),
      )
      expect(isPostflightError(err, 'IO')).toBe(true)
      expect((err as Error).message).toContain(doomed)
      expect((err as Error).message).toContain('ENOENT')
    })
  })

  describe('when the progress callback throws', () => {
    it('rejects with that error', async () => {
      const err = await rejection(
        hashFiles(files, ['sha256'], {
          concurrency: 2,
          onProgress: () => {
            throw new Error('callback bug')
          },
        }),
      )
      expect(err).toEqual(new Error('callback bug'))
    })
  })

  describe('when the options are invalid', () => {
    test.each([0, 1.5, -2])('concurrency %d throws BAD_INPUT', async (concurrency) => {
      expect(
        isPostflightError(await rejection(hashFiles(files, ['sha256'], { concurrency })), 'BAD_INPUT'),
      ).toBe(true)
    })
  })

  describe('when the files are far larger than memory should grow', () => {
    it('hashes 300 MB files while RSS growth stays bounded', async () => {
      const big = path.join(dir, 'sparse-300m.bin')
      const handle = await open(big, 'w')
      await handle.truncate(300 * MiB)
      await handle.close()
      const zeros300 = '17a88af83717f68b8bd97873ffcf022c8aed703416fe9b08e0fa9e3287692bf0'

      const baseline = process.memoryUsage().rss
      let peak = baseline
      const sample = (): void => {
        peak = Math.max(peak, process.memoryUsage().rss)
      }
      const timer = setInterval(sample, 5)
      try {
        const pooled = await hashFiles([big, big], ['sha256'], { concurrency: 2, onProgress: sample })
        const single = await hashFile(big, ['sha256'], { onProgress: sample })
        expect(pooled.map((r) => r.digests.sha256)).toEqual([zeros300, zeros300])
        expect(single).toEqual({ size: 300 * MiB, digests: { sha256: zeros300 } })
      } finally {
        clearInterval(timer)
        await rm(big, { force: true })
      }
      // Two workers cost ~30 MB here; buffering even one file would cost 300.
      expect(peak - baseline).toBeLessThan(100 * MiB)
    })
  })
})
