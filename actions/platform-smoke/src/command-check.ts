import { randomUUID } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { CheckOutcome } from '@postflight/core'
import { howItEnded, outputEvidence, runStep, type StepContext } from './run-step.ts'
import type { SmokeCommand } from './smoke-commands.ts'

/**
 * How a user's `run` line reaches a shell — the only text Postflight hands to one, the user's own and
 * unchanged; release values reach it as environment variables (`$POSTFLIGHT_BIN`). On Windows it is
 * written to a .cmd file run by `cmd /d /c`, as GitHub's own `shell: cmd` does: passed as an argument,
 * its quotes would be escaped for C programs (`\"`), which cmd.exe does not read.
 */
export async function shellFor(
  os: NodeJS.Platform,
  run: string,
  scratch: string,
): Promise<[string, string[]]> {
  // -e as GitHub's own `shell: sh` (`sh -e {0}`): a failing line of a multi-line command fails it.
  if (os !== 'win32') return ['sh', ['-ec', run]]
  await mkdir(scratch, { recursive: true })
  const file = path.join(scratch, `smoke-${randomUUID()}.cmd`)
  await writeFile(file, `@echo off\r\n${run.replace(/\r?\n/g, '\r\n')}\r\n`)
  return ['cmd.exe', ['/d', '/c', file]]
}

/** One attempt of a declared command: its exit code is `expect-exit` and its output matches `expect-output`. */
export async function commandAttempt(ctx: StepContext, cmd: SmokeCommand): Promise<CheckOutcome> {
  const [shell, args] = await shellFor(process.platform, cmd.run, ctx.scratch)
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
