import { describe, expect, it } from 'vitest'
import { healthBackoffMs } from '../backoff.ts'

// The random source is injected: 0 is the shortest wait jitter can pick, 0.999… the longest.
const at = (attempt: number, random: number, initialMs = 1000, maxMs = 30_000): number =>
  healthBackoffMs(attempt, { initialMs, maxMs, random: () => random })

describe('healthBackoffMs', () => {
  it('never waits less than half the initial backoff, whatever the jitter picks', () => {
    expect([1, 2, 3, 4, 5].map((n) => at(n, 0))).toEqual([500, 500, 500, 500, 500])
    // Five attempts of a 100 ms backoff span at least 4 × 50 ms: no longer all inside a 150 ms window.
    expect([1, 2, 3, 4].reduce((sum, n) => sum + at(n, 0, 100, 500), 0)).toBe(200)
  })

  it('doubles its upper bound per attempt up to the maximum', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => at(n, 0.999_999))).toEqual([999, 1999, 3999, 7999, 15_999, 29_999])
    expect(at(3, 0.5)).toBe(500 + 0.5 * (4000 - 500))
  })

  it('keeps a maximum below the floor as the wait', () => {
    expect(at(1, 0, 1000, 200)).toBe(200)
    expect(at(4, 0.7, 1000, 200)).toBe(200)
  })
})
