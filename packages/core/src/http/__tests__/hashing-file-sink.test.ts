import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { workerRingHasher } from '../../hash/ring-hasher.ts'
import { MIN_READ } from '../body-target.ts'
import { HashingFileSink } from '../hashing-file-sink.ts'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pf-sink-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** Feeds `count` reads of MIN_READ bytes as a socket would: into the sink's own region. */
async function feed(sink: HashingFileSink<'sha256'>, count: number, expected: ReturnType<typeof createHash>) {
  let waits = 0
  for (let i = 0; i < count; i++) {
    while (!sink.prepare()) {
      waits++
      await sink.room()
    }
    const region = sink.region()
    region.fill(i % 251, 0, MIN_READ)
    expected.update(region.subarray(0, MIN_READ))
    sink.accept(region.subarray(0, MIN_READ))
  }
  return waits
}

describe('HashingFileSink', () => {
  test('restart while slots are still on the hashing thread: the digest covers only what follows', async () => {
    const file = path.join(dir, 'restart-threaded')
    const sink = new HashingFileSink(file, { algorithms: ['sha256'], threaded: true })
    const after = createHash('sha256')
    try {
      // 40 reads fill several 1 MiB slots and hand them to the thread; restart at once, without waiting.
      await feed(sink, 40, createHash('sha256'))
      sink.restart()
      await feed(sink, 50, after)
      const expected = after.digest('hex')
      expect(await sink.digest()).toEqual({ size: 50 * MIN_READ, digests: { sha256: expected } })
      expect(
        createHash('sha256')
          .update(await readFile(file))
          .digest('hex'),
      ).toBe(expected)
    } finally {
      await sink.close()
    }
  })

  test('a hashing thread that dies wakes a reader waiting for room with its error (it waited for ever)', async () => {
    let submitted = 0
    const sink = new HashingFileSink(path.join(dir, 'dies'), {
      algorithms: ['sha256'],
      threaded: true,
      // A real hashing thread that never gives a slot back and dies once the ring is full.
      workerHasher: (ring, algorithms, _release, fail) => {
        const real = workerRingHasher(ring, algorithms, () => {}, fail)
        return {
          ...real,
          submit(slot, segments) {
            real.submit(slot, segments)
            if (++submitted === 16) setTimeout(() => fail?.(new Error('exited with code 1')), 20)
          },
        }
      },
    })
    try {
      await expect(feed(sink, 1000, createHash('sha256'))).rejects.toThrow(/exited with code 1/)
      expect(submitted).toBe(16)
    } finally {
      await sink.close()
    }
  })

  test.each([true, false])('writes and hashes in arrival order (threaded: %s)', async (threaded) => {
    const file = path.join(dir, `t-${threaded}`)
    const sink = new HashingFileSink(file, { algorithms: ['sha256'], threaded })
    const expected = createHash('sha256')
    let expectedHex = ''
    try {
      const waits = await feed(sink, 600, expected)
      // A foreign chunk (bytes that arrived elsewhere) is copied in.
      const foreign = Buffer.from('tail bytes')
      expect(sink.prepare()).toBe(true)
      sink.accept(foreign)
      expected.update(foreign)
      expectedHex = expected.digest('hex')
      const result = await sink.digest()
      expect(result).toEqual({ size: 600 * MIN_READ + foreign.length, digests: { sha256: expectedHex } })
      // The loop never yields while there is room, so the worker's releases can only arrive once the
      // ring is full: the threaded sink must have made the reader wait.
      if (threaded) expect(waits).toBeGreaterThan(0)
    } finally {
      await sink.close()
    }
    const onDisk = await readFile(file)
    expect(createHash('sha256').update(onDisk).digest('hex')).toBe(expectedHex)
  })

  test('restart forgets what was written and hashed before', async () => {
    const file = path.join(dir, 'restart')
    const sink = new HashingFileSink(file, { algorithms: ['sha256'], threaded: true })
    try {
      await feed(sink, 40, createHash('sha256'))
      sink.restart()
      const expected = createHash('sha256')
      await feed(sink, 3, expected)
      const result = await sink.digest()
      expect(result.size).toBe(3 * MIN_READ)
      expect(result.digests.sha256).toBe(expected.digest('hex'))
    } finally {
      await sink.close()
    }
    expect((await readFile(file)).length).toBe(3 * MIN_READ)
  })

  test('a failed write is an IO error that is not retried', async () => {
    const sink = new HashingFileSink('/dev/full', { algorithms: ['sha256'], threaded: false })
    try {
      expect(sink.prepare()).toBe(true)
      expect(() => sink.accept(Buffer.from('x'))).toThrow(
        expect.objectContaining({ code: 'IO', retryable: false, message: expect.stringMatching(/ENOSPC/) }),
      )
    } finally {
      await sink.close()
    }
  })

  test('refuses foreign bytes before prepare()', async () => {
    const sink = new HashingFileSink(path.join(dir, 'unprepared'), {
      algorithms: ['sha256'],
      threaded: false,
    })
    try {
      expect(() => sink.accept(Buffer.from('x'))).toThrow(/prepare\(\) first/)
    } finally {
      await sink.close()
    }
  })
})
