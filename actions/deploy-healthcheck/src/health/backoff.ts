import { computeBackoff } from '@postflight/core'

export interface HealthBackoff {
  initialMs: number
  maxMs: number
  /** A number in [0, 1); injectable so tests can pin the jitter. */
  random: () => number
}

/**
 * The wait after failed attempt `attempt` (1-based): uniform in [initialMs / 2, min(maxMs,
 * initialMs * 2^(attempt-1))). Full jitter above a floor: plain full jitter (core's, from 0) can pick
 * near-zero waits several times in a row, and a bench run once saw 1 endpoint in 200 spend all 5 of its
 * attempts inside a 300 ms window of 503s. With the floor, four waits last at least 2 × initialMs (2 s
 * by default) while clients that failed together still spread out. Hand-written over core's
 * computeBackoff (which gives the capped exponential) because core's jitter has no floor.
 */
export function healthBackoffMs(attempt: number, backoff: HealthBackoff): number {
  const capped = computeBackoff(attempt, {
    baseMs: backoff.initialMs,
    maxMs: backoff.maxMs,
    jitter: 'none',
    random: backoff.random,
  })
  const floor = Math.min(backoff.initialMs / 2, capped)
  return Math.floor(floor + backoff.random() * (capped - floor))
}
