import { afterEach, describe, expect, it, test, vi } from 'vitest'
import { isPostflightError, PostflightError } from '../../errors.ts'
import { attemptsOf, type RetryInfo, type RetryOptions, retry, retryWithInfo } from '../retry.ts'
import { RetryAfterError } from '../retry-after.ts'

/** A function failing `failures` times before resolving `value`. */
function flaky<T>(failures: number, value: T, error: (n: number) => unknown = (n) => new Error(`fail ${n}`)) {
  return vi.fn(async (attempt: number) => {
    if (attempt <= failures) throw error(attempt)
    return value
  })
}

function recorder(): { sleeps: number[]; options: RetryOptions } {
  const sleeps: number[] = []
  return { sleeps, options: { random: () => 0.5, sleep: async (ms) => void sleeps.push(ms) } }
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection')
    },
    (err: unknown) => err,
  )
}

afterEach(() => {
  vi.useRealTimers()
})

describe('#retryWithInfo', () => {
  describe('when the first attempt succeeds', () => {
    it('returns the value after one attempt without sleeping', async () => {
      const { sleeps, options } = recorder()
      await expect(retryWithInfo(flaky(0, 'ok'), options)).resolves.toEqual({ value: 'ok', attempts: 1 })
      expect(sleeps).toEqual([])
    })
  })

  describe('when attempts fail before one succeeds', () => {
    it('waits a full-jitter exponential backoff between attempts and reports each retry', async () => {
      const { sleeps, options } = recorder()
      const infos: RetryInfo[] = []
      const fn = flaky(3, 42)
      const result = await retryWithInfo(fn, { ...options, onRetry: (info) => infos.push(info) })
      expect(result).toEqual({ value: 42, attempts: 4 })
      expect(fn.mock.calls.map(([attempt]) => attempt)).toEqual([1, 2, 3, 4])
      expect(sleeps).toEqual([500, 1000, 2000])
      expect(infos.map(({ attempt, delayMs }) => [attempt, delayMs])).toEqual([
        [1, 500],
        [2, 1000],
        [3, 2000],
      ])
      expect(infos[0]?.error).toEqual(new Error('fail 1'))
    })
  })

  describe('when jitter is none and the cap is reached', () => {
    it('waits the capped delay', async () => {
      const { sleeps, options } = recorder()
      await retryWithInfo(flaky(5, 'ok'), {
        ...options,
        attempts: 6,
        baseMs: 100,
        maxMs: 500,
        jitter: 'none',
      })
      expect(sleeps).toEqual([100, 200, 400, 500, 500])
    })
  })

  describe('when every attempt fails', () => {
    it('throws the last error with the attempt count attached', async () => {
      const { sleeps, options } = recorder()
      const err = await rejection(retryWithInfo(flaky(99, 'never'), { ...options, attempts: 3 }))
      expect((err as Error).message).toBe('fail 3')
      expect(attemptsOf(err)).toBe(3)
      expect(sleeps).toHaveLength(2)
    })
  })

  describe('when something other than an Error is thrown', () => {
    it('wraps it in a PostflightError with the value as cause', async () => {
      const { options } = recorder()
      const err = await rejection(
        retryWithInfo(
          flaky(99, 'never', () => 'boom'),
          { ...options, attempts: 2 },
        ),
      )
      expect(isPostflightError(err, 'INTERNAL')).toBe(true)
      expect((err as Error).cause).toBe('boom')
      expect((err as Error).message).toContain('boom')
      expect(attemptsOf(err)).toBe(2)
    })
  })

  describe('when shouldRetry declines', () => {
    it('throws after that attempt', async () => {
      const { sleeps, options } = recorder()
      const shouldRetry = vi.fn((_err: unknown, attempt: number) => attempt < 2)
      const err = await rejection(retryWithInfo(flaky(99, 'never'), { ...options, shouldRetry }))
      expect(attemptsOf(err)).toBe(2)
      expect(shouldRetry).toHaveBeenCalledTimes(2)
      expect(sleeps).toHaveLength(1)
    })
  })

  describe('when the error is one the default policy does not retry', () => {
    test.each(['BAD_INPUT', 'BAD_CONFIG', 'ABORTED'] as const)('gives up at once on %s', async (code) => {
      const { options } = recorder()
      const fn = flaky(99, 'never', () => new PostflightError(code, 'no'))
      const err = await rejection(retryWithInfo(fn, options))
      expect(isPostflightError(err, code)).toBe(true)
      expect(fn).toHaveBeenCalledTimes(1)
    })
  })

  describe('when a wait is asked for', () => {
    test.each([
      ['shouldRetry returns 7000', { shouldRetry: () => ({ retryAfterMs: 7000 }) }, new Error('x'), 7000],
      [
        'shouldRetry returns more than maxMs',
        { shouldRetry: () => ({ retryAfterMs: 90_000 }) },
        new Error('x'),
        30_000,
      ],
      ['the error is a RetryAfterError', {}, new RetryAfterError('429', 12_000), 12_000],
      ['the error asks for more than maxMs', {}, new RetryAfterError('429', 45_000), 30_000],
      ['an explicit limit is set', { maxRetryAfterMs: 60_000 }, new RetryAfterError('429', 45_000), 45_000],
    ] as const)('when %s waits %d ms', async (_name, extra, error, expected) => {
      const { sleeps, options } = recorder()
      const infos: RetryInfo[] = []
      await retryWithInfo(
        flaky(1, 'ok', () => error),
        { ...options, ...extra, onRetry: (info) => infos.push(info) },
      )
      expect(sleeps).toEqual([expected])
      expect(infos[0]?.retryAfterMs).toBeGreaterThan(0)
    })
  })

  describe('when the options are invalid', () => {
    test.each([{ attempts: 0 }, { attempts: 1.5 }, { baseMs: -1 }, { maxMs: Number.NaN }])(
      '%j throws BAD_INPUT',
      async (options) => {
        const fn = vi.fn(async () => 1)
        expect(isPostflightError(await rejection(retryWithInfo(fn, options)), 'BAD_INPUT')).toBe(true)
        expect(fn).not.toHaveBeenCalled()
      },
    )
  })

  describe('when the signal is already aborted', () => {
    it('throws ABORTED without calling fn', async () => {
      const fn = vi.fn(async () => 1)
      const err = await rejection(retryWithInfo(fn, { signal: AbortSignal.abort(new Error('cancelled')) }))
      expect(isPostflightError(err, 'ABORTED')).toBe(true)
      expect((err as Error).message).toContain('cancelled')
      expect(fn).not.toHaveBeenCalled()
    })
  })

  describe('when the signal aborts during the backoff sleep', () => {
    it('stops at once with ABORTED and makes no further attempt', async () => {
      vi.useFakeTimers()
      const controller = new AbortController()
      const fn = flaky(99, 'never')
      const pending = rejection(
        retryWithInfo(fn, {
          signal: controller.signal,
          baseMs: 60_000,
          jitter: 'none',
          onRetry: () => queueMicrotask(() => controller.abort()),
        }),
      )
      const err = await pending
      expect(isPostflightError(err, 'ABORTED')).toBe(true)
      expect(attemptsOf(err)).toBe(1)
      expect(fn).toHaveBeenCalledTimes(1)
      expect(vi.getTimerCount()).toBe(0)
    })
  })

  describe('when the signal aborts while fn ignores it', () => {
    it('settles with ABORTED without waiting for fn', async () => {
      const controller = new AbortController()
      const fn = vi.fn(() => new Promise<never>(() => {}))
      const pending = rejection(retryWithInfo(fn, { signal: controller.signal }))
      await vi.waitFor(() => expect(fn).toHaveBeenCalledTimes(1))
      controller.abort()
      expect(isPostflightError(await pending, 'ABORTED')).toBe(true)
    })
  })

  describe('when fn uses the signal it is given', () => {
    it('receives the caller signal', async () => {
      const controller = new AbortController()
      const seen = await retry(async (_attempt, signal) => signal, { signal: controller.signal })
      expect(seen).toBe(controller.signal)
    })
  })

  describe('when the default sleep is used', () => {
    it('waits the backoff on the clock before the next attempt', async () => {
      vi.useFakeTimers()
      const fn = flaky(1, 'ok')
      const pending = retryWithInfo(fn, { baseMs: 1000, jitter: 'none' })
      await vi.advanceTimersByTimeAsync(999)
      expect(fn).toHaveBeenCalledTimes(1)
      await vi.advanceTimersByTimeAsync(1)
      await expect(pending).resolves.toEqual({ value: 'ok', attempts: 2 })
    })
  })
})

describe('#retry', () => {
  describe('when fn eventually succeeds', () => {
    it('returns only the value', async () => {
      await expect(retry(flaky(2, 'v'), recorder().options)).resolves.toBe('v')
    })
  })
})
