import type { CheckOutcome } from '@postflight/core'
import { howItEnded, outputEvidence, runStep, type StepContext } from './run-step.ts'
import type { SmokeCommand } from './smoke-commands.ts'

/**
 * The shell for a user's `run` line: the only text Postflight hands to a shell, and it is the
 * user's own, unchanged; release values reach it as environment variables (`$POSTFLIGHT_BIN`).
 */
export function shellFor(os: NodeJS.Platform, run: string): [string, string[]] {
  return os === 'win32' ? ['cmd.exe', ['/d', '/s', '/c', run]] : ['sh', ['-c', run]]
}

/** One attempt of a declared command: its exit code is `expect-exit` and its output matches `expect-output`. */
export async function commandAttempt(ctx: StepContext, cmd: SmokeCommand): Promise<CheckOutcome> {
  const [shell, args] = shellFor(process.platform, cmd.run)
  const timeoutMs = cmd.timeout ?? ctx.timeoutMs
  const r = await runStep(ctx, shell, args, { timeoutMs, env: cmd.env })
  const expected = cmd['expect-exit']
  const evidence = {
    run: cmd.run,
    expectExit: expected,
    ...(cmd['expect-output'] ? { expectOutput: cmd['expect-output'] } : {}),
    timeoutMs,
    ...outputEvidence(r),
  }
  if (r.timedOut || r.exitCode !== expected) {
    return {
      status: 'fail',
      message: `${howItEnded(r, timeoutMs)}, expected exit ${expected}`,
      evidence,
    }
  }
  const pattern = cmd['expect-output']
  if (pattern && !new RegExp(pattern, 'm').test(`${r.stdout}\n${r.stderr}`.replaceAll('\r\n', '\n'))) {
    return {
      status: 'fail',
      message: `exit ${expected}, but the output does not match /${pattern}/`,
      evidence,
    }
  }
  return {
    status: 'pass',
    message: `exit ${expected}${pattern ? `, output matches /${pattern}/` : ''} in ${r.durationMs} ms`,
    evidence,
  }
}
