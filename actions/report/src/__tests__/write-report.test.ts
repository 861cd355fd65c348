import { describe, expect, it } from 'vitest'
import { encoded } from '../write-report.ts'

async function collect(chunks: string[], size: number): Promise<{ text: string; writes: number[] }> {
  const parts: Buffer[] = []
  const writes: number[] = []
  // Copied at once: the generator reuses its buffer after each write, as the file writer allows.
  for await (const b of encoded(chunks, size)) {
    writes.push(b.length)
    parts.push(Buffer.from(b))
  }
  return { text: Buffer.concat(parts).toString('utf8'), writes }
}

describe('encoded', () => {
  it.each([
    [['plain ascii, ', 'then more'], 4],
    [['em — dash ', '😀 emoji ', 'é'], 5],
    [['x'.repeat(50), '', '😀😀😀'], 7],
    [['<b>&</b>'], 1024],
  ])('writes every character of %j whole through a %i-byte buffer', async (chunks, size) => {
    const { text, writes } = await collect(chunks, size)
    expect(text).toBe(chunks.join(''))
    expect(Math.max(...writes)).toBeLessThanOrEqual(size)
  })

  it('writes nothing for nothing', async () => {
    expect((await collect([], 16)).writes).toEqual([])
  })
})
