import { createHash } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isPostflightError } from '../../errors.ts'
import { createHashingStream, hashStream } from '../hash-stream.ts'

let dir: string

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'postflight-hash-'))
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex')
const sha512 = (data: Uint8Array): string => createHash('sha512').update(data).digest('hex')

function chunks(count: number, size: number): Buffer[] {
  return Array.from({ length: count }, (_, i) => Buffer.alloc(size, i % 251))
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection')
    },
    (err: unknown) => err,
  )
}

describe('#createHashingStream', () => {
  describe('when a download is piped through it to disk', () => {
    it('writes the data unchanged and gives its digests at the end', async () => {
      const parts = chunks(40, 65_536)
      const whole = Buffer.concat(parts)
      const file = path.join(dir, 'asset.bin')
      const hashing = createHashingStream(['sha256', 'sha512'])
      await pipeline(Readable.from(parts), hashing, createWriteStream(file))
      expect(await hashing.result).toEqual({
        size: whole.length,
        digests: { sha256: sha256(whole), sha512: sha512(whole) },
      })
      expect(sha256(await readFile(file))).toBe(sha256(whole))
    })
  })

  describe('when the source fails part-way', () => {
    it('rejects the result with the source error', async () => {
      const hashing = createHashingStream(['sha256'])
      async function* failing() {
        yield Buffer.from('partial')
        throw new Error('connection reset')
      }
      await expect(
        pipeline(Readable.from(failing()), hashing, createWriteStream(path.join(dir, 'x'))),
      ).rejects.toThrow('connection reset')
      await expect(hashing.result).rejects.toThrow('connection reset')
    })
  })

  describe('when the stream is destroyed without an error before it ends', () => {
    it('rejects the result with IO', async () => {
      const hashing = createHashingStream(['sha256'])
      hashing.write('partial')
      hashing.destroy()
      expect(isPostflightError(await rejection(hashing.result), 'IO')).toBe(true)
    })
  })
})

describe('#hashStream', () => {
  describe('when the stream ends', () => {
    it('returns the size and digests of everything read', async () => {
      const parts = chunks(10, 1000)
      const whole = Buffer.concat(parts)
      const result = await hashStream(Readable.from(parts), ['sha256'])
      expect(result).toEqual({ size: 10_000, digests: { sha256: sha256(whole) } })
    })
  })

  describe('when the stream is empty', () => {
    it('returns the empty digest', async () => {
      const result = await hashStream(Readable.from([]), ['sha256'])
      expect(result).toEqual({ size: 0, digests: { sha256: sha256(new Uint8Array()) } })
    })
  })

  describe('when the signal aborts while the source has stalled', () => {
    it('rejects with ABORTED and destroys the stream', async () => {
      const controller = new AbortController()
      const stalled = new Readable({ read() {} })
      stalled.push('some data')
      const pending = rejection(hashStream(stalled, ['sha256'], { signal: controller.signal }))
      setImmediate(() => controller.abort())
      expect(isPostflightError(await pending, 'ABORTED')).toBe(true)
      expect(stalled.destroyed).toBe(true)
    })
  })

  describe('when the source errors', () => {
    it('rejects with IO carrying the cause', async () => {
      async function* failing() {
        yield Buffer.from('a')
        throw new Error('boom')
      }
      const err = await rejection(hashStream(failing(), ['md5']))
      expect(isPostflightError(err, 'IO')).toBe(true)
      expect((err as Error).cause).toEqual(new Error('boom'))
    })
  })
})
