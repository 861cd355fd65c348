import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, test } from 'vitest'
import { isPostflightError } from '../../errors.ts'
import type { HashAlgorithm } from '../algorithms.ts'
import { type HashProgress, hashFile } from '../index.ts'

let dir: string
const MiB = 1024 * 1024
const sizes = [0, 1, 4095, MiB - 1, MiB, MiB + 1, 3.5 * MiB]

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'postflight-hashfile-'))
  for (const size of sizes) await writeFile(path.join(dir, `f-${size}.bin`), randomBytes(size))
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const fileOf = (size: number): string => path.join(dir, `f-${size}.bin`)

/** The digest as the system tools print it: `<hex>  <file>` or `ALG(file)= <hex>`. */
function systemDigest(
  tool: 'sha256sum' | 'sha512sum' | 'openssl',
  algorithm: HashAlgorithm,
  file: string,
): string {
  const args = tool === 'openssl' ? ['dgst', `-${algorithm}`, '-r', file] : [file]
  const out = execFileSync(tool, args, { encoding: 'utf8' })
  const hex = /^\\?([0-9a-f]+)/.exec(out)?.[1]
  if (!hex) throw new Error(`unexpected ${tool} output: ${out}`)
  return hex
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection')
    },
    (err: unknown) => err,
  )
}

describe('#hashFile', () => {
  describe('when compared with the system tools', () => {
    test.each(sizes)('matches sha256sum, sha512sum and openssl dgst for %d bytes', async (size) => {
      const file = fileOf(size)
      const result = await hashFile(file, ['sha256', 'sha512', 'sha1', 'md5'])
      expect(result.size).toBe(size)
      expect(result.digests).toEqual({
        sha256: systemDigest('sha256sum', 'sha256', file),
        sha512: systemDigest('sha512sum', 'sha512', file),
        sha1: systemDigest('openssl', 'sha1', file),
        md5: systemDigest('openssl', 'md5', file),
      })
      expect(result.digests.sha256).toBe(systemDigest('openssl', 'sha256', file))
      expect(result.digests.sha512).toBe(systemDigest('openssl', 'sha512', file))
    })
  })

  describe('when the file is empty', () => {
    it('returns the well-known empty digests', async () => {
      expect(await hashFile(fileOf(0), ['sha256', 'md5'])).toEqual({
        size: 0,
        digests: {
          sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
          md5: 'd41d8cd98f00b204e9800998ecf8427e',
        },
      })
    })
  })

  describe('when several algorithms are asked for', () => {
    it('reads the file once, reporting progress up to its size', async () => {
      const seen: HashProgress[] = []
      await hashFile(fileOf(3.5 * MiB), ['sha256', 'sha512', 'sha1', 'md5'], {
        onProgress: (p) => seen.push(p),
      })
      expect(seen.map((p) => p.bytesDone)).toEqual([MiB, 2 * MiB, 3 * MiB, 3.5 * MiB])
      expect(seen.every((p) => p.bytesTotal === 3.5 * MiB)).toBe(true)
    })
  })

  describe('when the signal aborts part-way', () => {
    it('stops reading and rejects with ABORTED', async () => {
      const controller = new AbortController()
      let calls = 0
      const err = await rejection(
        hashFile(fileOf(3.5 * MiB), ['sha256'], {
          signal: controller.signal,
          onProgress: () => {
            calls++
            controller.abort()
          },
        }),
      )
      expect(isPostflightError(err, 'ABORTED')).toBe(true)
      expect(calls).toBe(1)
    })
  })

  describe('when the file cannot be read', () => {
    test.each([
      ['missing', 'no-such-file.bin'],
      ['a directory', '.'],
    ])('rejects %s with IO naming it', async (_name, name) => {
      const file = path.join(dir, name)
      const err = await rejection(hashFile(file, ['sha256']))
      expect(isPostflightError(err, 'IO')).toBe(true)
      expect((err as Error).message).toContain(file)
    })
  })
})
