/** Why an engine or adapter could not do its job. A bad release is never one of these: it is a `fail` check. */
export type PostflightErrorCode =
  | 'BAD_INPUT'
  | 'BAD_CONFIG'
  | 'NOT_FOUND'
  | 'IO'
  | 'NETWORK'
  | 'TIMEOUT'
  | 'ABORTED'
  | 'PROCESS'
  | 'ARCHIVE'
  | 'SCHEMA'
  | 'INTERNAL'

export interface PostflightErrorOptions {
  cause?: unknown
  /** The input, flag, config key or file the error is about. */
  field?: string
}

/** The one error type of Postflight: a string-literal `code`, a message saying what was expected, what was found and what to do. */
export class PostflightError extends Error {
  override name = 'PostflightError'
  readonly code: PostflightErrorCode
  readonly field: string | undefined

  constructor(code: PostflightErrorCode, message: string, options: PostflightErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.field = options.field
  }
}

/** True for a PostflightError, optionally of one of the given codes. */
export function isPostflightError(err: unknown, ...codes: PostflightErrorCode[]): err is PostflightError {
  return err instanceof PostflightError && (codes.length === 0 || codes.includes(err.code))
}

/** A readable one-line description of anything thrown. */
export function describeError(err: unknown): string {
  if (err instanceof Error) {
    const cause =
      err.cause instanceof Error && !err.message.includes(err.cause.message) ? `: ${err.cause.message}` : ''
    return `${err.message}${cause}`
  }
  return String(err)
}
