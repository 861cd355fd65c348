import { describe, expect, test } from 'vitest'
import { computeBackoff } from '../backoff.ts'

describe('#computeBackoff', () => {
  describe('when jitter is none', () => {
    test.each([
      [1, 1000],
      [2, 2000],
      [3, 4000],
      [5, 16_000],
      [6, 30_000],
      [60, 30_000],
      [5000, 30_000],
    ])('waits the capped exponential delay after attempt %d: %d ms', (attempt, expected) => {
      expect(
        computeBackoff(attempt, { baseMs: 1000, maxMs: 30_000, jitter: 'none', random: () => 0.5 }),
      ).toBe(expected)
    })
  })

  describe('when jitter is full', () => {
    test.each([
      [1, 0, 0],
      [1, 0.5, 500],
      [3, 0.25, 1000],
      [3, 0.999, 3996],
      [10, 0.5, 15_000],
    ])('after attempt %d with random %d waits %d ms', (attempt, random, expected) => {
      expect(
        computeBackoff(attempt, { baseMs: 1000, maxMs: 30_000, jitter: 'full', random: () => random }),
      ).toBe(expected)
    })
  })

  describe('when baseMs is 0', () => {
    test('never waits, even after many attempts', () => {
      expect(computeBackoff(2000, { baseMs: 0, maxMs: 30_000, jitter: 'none', random: () => 0 })).toBe(0)
    })
  })
})
