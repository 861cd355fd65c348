import { randomFillSync } from 'node:crypto'
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'

const CHUNK = 16 * 1024 * 1024
const block = randomFillSync(Buffer.alloc(CHUNK))

/** Writes `bytes` of incompressible data; each chunk is varied so no two files share content. */
export async function writeRandomFile(file: string, bytes: number, seed: number): Promise<void> {
  const out = createWriteStream(file)
  let left = bytes
  let i = 0
  while (left > 0) {
    const n = Math.min(left, CHUNK)
    block.writeUInt32LE(seed, 0)
    block.writeUInt32LE(i++, 4)
    if (!out.write(block.subarray(0, n))) await once(out, 'drain')
    left -= n
  }
  out.end()
  await once(out, 'finish')
}
