export { type BackoffOptions, computeBackoff, type Jitter } from './backoff.ts'
export {
  attemptsOf,
  type RetryDecision,
  type RetryInfo,
  type RetryOptions,
  type RetryResult,
  retry,
  retryWithInfo,
} from './retry.ts'
export { parseRetryAfter, RetryAfterError, type RetryAfterErrorOptions, retryAfterOf } from './retry-after.ts'
