import path from 'node:path'
import {
  type CheckOutcome,
  type EngineContext,
  isPostflightError,
  type Platform,
  type SuiteBuilder,
} from '@postflight/core'
import { commandAttempt } from './command-check.ts'
import { DEFAULT_TIMEOUT_MS, type SmokeOptions } from './inputs.ts'
import { installCheck, installDir } from './install/install-check.ts'
import { registerEnvSecrets, type StepContext, stepEnv } from './run-step.ts'
import type { OpenedRelease } from './source/opened-release.ts'
import { measureStartup } from './startup.ts'
import { versionAttempt } from './version-check.ts'
import { withRetries } from './with-retries.ts'

/** What the binary checks run with: the binary found, the release it came from and what it must report. */
export interface BinaryRun {
  bin: string
  binaryName: string
  label: string
  platform: Platform
  version: string | undefined
  tag: string | undefined
  /** The version command, `{bin}` still in it. */
  versionArgv: readonly string[]
  release: OpenedRelease
  asset: { name: string; dir: string }
  repository?: string
}

/**
 * Runs the binary on this runner: the version check (retried, so flaky is told from broken) and the
 * startup-time metric, each declared smoke command, then each install method. Every check is made,
 * whatever the others found; a cancelled run stops between them.
 */
export async function runBinary(
  suite: SuiteBuilder,
  options: SmokeOptions,
  ctx: EngineContext,
  run: BinaryRun,
): Promise<void> {
  const { bin, label, version, tag } = run
  registerEnvSecrets(ctx.secrets, process.env, ...(options.commands ?? []).map((c) => c.env))
  const step: StepContext = {
    env: stepEnv(process.env, { bin, version, tag, platform: label }, [options.token]),
    cwd: process.cwd(),
    scratch: path.join(ctx.workDir, 'scripts'),
    timeoutMs: options.timeout ?? DEFAULT_TIMEOUT_MS,
    secrets: ctx.secrets,
    signal: ctx.signal,
  }
  const argv = run.versionArgv.map((a) => a.replaceAll('{bin}', bin))
  // Without a tag or version nothing is compared: the title claims only what the check proves.
  const title = version
    ? 'The binary reports the release version'
    : 'The version command runs (no tag or version to compare)'
  const versionCheck = await ctx.logger.group('Version', () =>
    suite.run(`version:${label}`, title, () =>
      withRetries(options.retries, ctx.signal, () =>
        startFailureIsFail(() => versionAttempt(step, argv, version)),
      ),
    ),
  )
  if (versionCheck.status === 'pass' || versionCheck.status === 'warn') {
    const startup = await measureStartup(step, argv, options['startup-runs'])
    if (startup) suite.metric('startup-time', startup.medianMs, 'ms')
  }

  for (const [i, cmd] of (options.commands ?? []).entries()) {
    // A cancelled run stops here and is recorded as cancelled, not as a string of failed commands.
    ctx.signal.throwIfAborted()
    const id = `smoke:${label}:${cmd.name ?? i + 1}`
    await ctx.logger.group(`Smoke ${cmd.name ?? i + 1}: ${cmd.run}`, () =>
      suite.run(id, `Smoke command ${cmd.name ?? i + 1} works`, () =>
        withRetries(options.retries, ctx.signal, () => commandAttempt(step, cmd)),
      ),
    )
  }

  for (const method of options.install ?? []) {
    ctx.signal.throwIfAborted()
    const install = {
      step,
      platform: run.platform,
      dir: installDir(ctx.workDir, method.method),
      binary: run.binaryName,
      version,
      tag,
      repository: run.repository,
      release: run.release,
      asset: run.asset,
    }
    await ctx.logger.group(`Install with ${method.method}`, () =>
      suite.run(
        `install:${method.method}:${label}`,
        `Installs with ${method.method} and reports the version`,
        () => startFailureIsFail(() => installCheck(install, method, run.versionArgv)),
      ),
    )
  }
}

// A program the OS refuses to start (no such file, not executable, wrong format) is a broken release,
// not a check that could not be made.
async function startFailureIsFail(attempt: () => Promise<CheckOutcome>): Promise<CheckOutcome> {
  try {
    return await attempt()
  } catch (err) {
    if (!isPostflightError(err, 'PROCESS')) throw err
    return { status: 'fail', message: err.message, evidence: { code: err.code } }
  }
}
