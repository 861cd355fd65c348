import { attemptsOf, type CheckOutcome, retryWithInfo } from '@postflight/core'

// Carries a failed attempt's outcome through core's retry loop.
class FailedAttempt extends Error {
  readonly outcome: CheckOutcome
  constructor(outcome: CheckOutcome) {
    super(outcome.message)
    this.outcome = outcome
  }
}

/**
 * Runs one check up to `retries + 1` times until it passes, telling flaky from broken: a pass
 * after a failure is `warn` with `flaky: true`, failing every time is the last failure, both with
 * `attempts` and every failed attempt's message as evidence. Only a failed outcome is retried; an
 * error thrown (the program could not be started at all) is not.
 */
export async function withRetries(
  retries: number,
  signal: AbortSignal,
  attempt: (n: number) => Promise<CheckOutcome>,
): Promise<CheckOutcome> {
  const failures: string[] = []
  try {
    const { value, attempts } = await retryWithInfo(
      async (n) => {
        const outcome = await attempt(n)
        if (outcome.status === 'fail') throw new FailedAttempt(outcome)
        return outcome
      },
      {
        attempts: retries + 1,
        baseMs: 200,
        maxMs: 2000,
        signal,
        shouldRetry: (err) => err instanceof FailedAttempt,
        onRetry: ({ attempt: n, error }) => failures.push(`attempt ${n}: ${(error as Error).message}`),
      },
    )
    if (attempts === 1) return value
    return {
      ...value,
      status: value.status === 'pass' ? 'warn' : value.status,
      flaky: true,
      attempts,
      message: `flaky: passed on attempt ${attempts} of ${retries + 1} after ${failures.length} failure${failures.length === 1 ? '' : 's'} (${failures[0]}); ${value.message}`,
      evidence: { ...value.evidence, failures },
    }
  } catch (err) {
    if (!(err instanceof FailedAttempt)) throw err
    const attempts = attemptsOf(err) ?? retries + 1
    failures.push(`attempt ${attempts}: ${err.message}`)
    const again = attempts > 1 ? ` (failed all ${attempts} attempts)` : ''
    return {
      ...err.outcome,
      attempts,
      message: `${err.outcome.message}${again}`,
      evidence: { ...err.outcome.evidence, failures },
    }
  }
}
