import { describe, expect, it, test } from 'vitest'
import { OutputBuffer } from '../output-buffer.ts'

function fill(buffer: OutputBuffer, text: string, chunkSize: number): void {
  const bytes = Buffer.from(text)
  for (let i = 0; i < bytes.length; i += chunkSize) buffer.push(bytes.subarray(i, i + chunkSize))
}

const lines = Array.from({ length: 2000 }, (_, i) => `line ${String(i).padStart(4, '0')}\n`).join('')

describe('#OutputBuffer', () => {
  describe('when the output fits', () => {
    test.each([1, 7, 4096])('returns it whole with chunks of %d bytes', (chunkSize) => {
      const buffer = new OutputBuffer(lines.length)
      fill(buffer, lines, chunkSize)
      expect(buffer.truncated).toBe(false)
      expect(buffer.text()).toBe(lines)
      expect(buffer.totalBytes).toBe(lines.length)
    })
  })

  describe('when the output is over the limit', () => {
    test.each([1, 100, 65_536])('keeps the first and last lines with chunks of %d bytes', (chunkSize) => {
      const buffer = new OutputBuffer(1000)
      fill(buffer, lines, chunkSize)
      const text = buffer.text()
      expect(buffer.truncated).toBe(true)
      expect(text.startsWith('line 0000\nline 0001\n')).toBe(true)
      expect(text.endsWith('line 1998\nline 1999\n')).toBe(true)
      // Cuts fall on line boundaries: every kept line is whole.
      const kept = text.split('\n').filter((l) => l.startsWith('line'))
      expect(kept.every((l) => /^line \d{4}$/.test(l))).toBe(true)
      const omitted = Number(/\[\.\.\. (\d+) bytes truncated \.\.\.\]/.exec(text)?.[1])
      expect(omitted + kept.length * 10).toBe(lines.length)
      expect(Buffer.byteLength(text)).toBeLessThan(1100)
    })
  })

  describe('when a cut falls inside a multi-byte character and there is no newline near', () => {
    it('keeps only whole characters', () => {
      const buffer = new OutputBuffer(101)
      fill(buffer, 'é'.repeat(10_000), 3)
      const text = buffer.text()
      expect(text).not.toContain('\uFFFD')
      expect(text).toMatch(/^é+\n\[\.\.\. \d+ bytes truncated \.\.\.\]\né+$/)
    })
  })

  describe('when the limit is 0', () => {
    it('keeps nothing but says how much was dropped', () => {
      const buffer = new OutputBuffer(0)
      buffer.push(Buffer.from('abc'))
      expect(buffer.text()).toBe('\n[... 3 bytes truncated ...]\n')
    })
  })
})
