/** How a backoff delay is randomised: `full` picks uniformly in [0, delay), `none` waits the whole delay. */
export type Jitter = 'full' | 'none'

export interface BackoffOptions {
  baseMs: number
  maxMs: number
  jitter: Jitter
  /** A number in [0, 1); injectable so tests can pin the jitter. */
  random: () => number
}

/**
 * The delay before the retry that follows failed attempt `attempt` (1-based): `baseMs * 2^(attempt-1)`
 * capped at `maxMs`, then jittered. Full jitter spreads clients that failed together so they do not
 * retry together.
 */
export function computeBackoff(attempt: number, options: BackoffOptions): number {
  // Clamp the exponent: 2^1100 is Infinity, and Infinity * 0 (baseMs 0) would be NaN.
  const exponential = options.baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 1000)
  const capped = Math.min(options.maxMs, exponential)
  if (options.jitter === 'none') return capped
  return Math.floor(options.random() * capped)
}
