import { randomBytes } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { buffer } from 'node:stream/consumers'
import { pipeline } from 'node:stream/promises'
import zlib from 'node:zlib'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ZstdFrameSplitter } from '../zstd-frames.ts'
import { sh, tempDirs } from './fixtures.ts'

const dirs = tempDirs()
let work: string

const skippable = `python3 -c "import struct,sys; sys.stdout.buffer.write(struct.pack('<II', 0x184D2A50, 4) + b'skip')"`

// [what, how the zstd CLI makes f<n>.zst from the input, chunk sizes to feed it in]. Odd sizes make
// the 3- and 4-byte headers straddle chunks at every offset; the small file goes byte by byte.
const files: Array<[string, string, number[]]> = [
  ['two frames with checksums', 'zstd -qc a > f1.zst && zstd -qc a >> f1.zst', [13, 4096, 1 << 20]],
  [
    'frames without checksums or sizes',
    'zstd -q --no-check -c < a > f2.zst && zstd -q --no-check -c < a >> f2.zst',
    [13, 1 << 20],
  ],
  [
    'frames of many blocks at a high level',
    'zstd -q -19 -c a > f3.zst && zstd -q -1 -c a >> f3.zst',
    [13, 1 << 20],
  ],
  [
    'a skippable frame between frames',
    `zstd -qc a > f4.zst && ${skippable} >> f4.zst && zstd -qc a >> f4.zst`,
    [13, 1 << 20],
  ],
  ['small frames', 'zstd -qc small > f5.zst && zstd -qc small >> f5.zst', [1, 2, 3]],
]

const cases = files.flatMap(([name, , sizes], i) => sizes.map((size) => [name, i + 1, size] as const))

beforeAll(async () => {
  work = await dirs.make()
  // Over 128 KiB of noise makes a raw block; the run of sevens an RLE or compressed one.
  const content = Buffer.concat([
    randomBytes(140_000),
    Buffer.alloc(100_000, 7),
    Buffer.from('tail\n'.repeat(5000)),
  ])
  await writeFile(join(work, 'a'), content)
  await writeFile(join(work, 'small'), content.subarray(0, 3000))
  for (const [, command] of files) sh(command, work)
})

afterAll(() => dirs.cleanup())

function chunked(data: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = []
  for (let i = 0; i < data.length; i += size) chunks.push(data.subarray(i, i + size))
  return chunks
}

describe('ZstdFrameSplitter', () => {
  describe('when a .zst holds several frames', () => {
    test.each(cases)(
      'lets one decompressor read all of %s (f%i.zst, chunks of %i bytes)',
      async (_name, n, size) => {
        const data = await readFile(join(work, `f${n}.zst`))
        const input = await readFile(join(work, n === 5 ? 'small' : 'a'))
        const output = zlib.createZstdDecompress()
        const decoded = buffer(output)
        await pipeline(Readable.from(chunked(data, size)), new ZstdFrameSplitter(), output)
        expect((await decoded).equals(Buffer.concat([input, input]))).toBe(true)
      },
    )
  })

  describe('when the data is not zstd', () => {
    test('passes it through unchanged', async () => {
      const data = Buffer.from('not zstd at all, just text')
      const out = await buffer(Readable.from([data]).pipe(new ZstdFrameSplitter()))
      expect(out.equals(data)).toBe(true)
    })
  })
})
