import type { CheckStatus } from '@postflight/core'

/** Says why the exit code differs from what the verdict alone would give. */
export function failOnNote(status: CheckStatus, failOn: string, exitCode: number): string | undefined {
  if (status === 'warn' && exitCode === 1) return `exit 1: fail-on is '${failOn}', so warnings fail this run`
  if (status === 'fail' && exitCode === 0)
    return `exit 0: fail-on is '${failOn}', so failed checks do not fail this run`
  return undefined
}
