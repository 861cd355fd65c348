import path from 'node:path'
import {
  currentPlatform,
  type EngineContext,
  formatPlatform,
  isPostflightError,
  type Platform,
  PostflightError,
  parsePlatform,
  SuiteBuilder,
  type SuiteResult,
  versionFromTag,
} from '@postflight/core'
import { commandAttempt } from './command-check.ts'
import { binaryCheck } from './find-binary.ts'
import { DEFAULT_TIMEOUT_MS, type SmokeOptions } from './inputs.ts'
import { registerEnvSecrets, type StepContext, stepEnv } from './run-step.ts'
import { listReleaseFolder, selectCheck } from './select-check.ts'
import { splitCommand } from './split-command.ts'
import { measureStartup } from './startup.ts'
import { unpackAsset } from './unpack.ts'
import { versionAttempt } from './version-check.ts'
import { withRetries } from './with-retries.ts'

export const SUITE = 'platform-smoke'

/**
 * Proves a platform's release asset runs on it: picks the asset built for the platform, unpacks it
 * safely, finds the binary, checks the version it reports and runs the user's smoke commands —
 * failing commands retried, so flaky is told from broken — and records the startup time. The leg is
 * the platform (`platform-smoke@linux-x64`). Picking, unpacking and finding the binary each need the
 * step before; the version check and the commands are all made, whatever the others found.
 */
export async function platformSmoke(options: SmokeOptions, ctx: EngineContext): Promise<SuiteResult> {
  const platform = options.platform ? parsePlatform(options.platform) : currentPlatform()
  const label = formatPlatform(platform)
  const { tag } = options
  const version = options.version ?? (tag ? versionFromTag(tag) : undefined)
  if (tag && !version) {
    throw new PostflightError(
      'BAD_INPUT',
      `input 'tag': '${tag}' carries no version (expected e.g. v1.2.3); pass 'version' too`,
      {
        field: 'tag',
      },
    )
  }
  const versionArgv = splitCommand(
    options['version-command'] ?? '{bin} --version',
    '{bin}',
    'version-command',
  )
  const suite = new SuiteBuilder(
    SUITE,
    { ...ctx.leg, label },
    { ...(tag ? { tag } : {}), ...(version ? { version } : {}) },
  )
  ctx.attach?.(suite)

  const names = await listReleaseFolder(options.directory)
  const { selection, outcome } = selectCheck(names, platform, options, version)
  suite.add({ id: `select:${label}`, title: `An asset is built for ${label}`, ...outcome })
  if (!selection.chosen) return suite.finish()
  ctx.logger.info(`asset for ${label}: ${selection.chosen}`)

  const unpacked = await ctx.logger.group(`Unpack ${selection.chosen}`, () =>
    unpackAsset(
      path.join(options.directory, selection.chosen as string),
      path.join(ctx.workDir, 'asset'),
      ctx.signal,
    ),
  )
  suite.add({ id: `unpack:${label}`, title: 'The asset unpacks safely', ...unpacked.outcome })
  if (!unpacked.root || !unpacked.files) return suite.finish()

  const { root, files } = unpacked
  const binary = await binaryCheck(
    { root, files, single: unpacked.single },
    options.binary,
    selection.chosen,
    platform.os,
  )
  suite.add({ id: `binary:${label}`, title: binary.title, ...binary.outcome })
  const bin = binary.path
  if (!bin) return suite.finish()

  if (!runsHere(platform)) {
    // A leg that ran nothing must never read as a passed platform in the report: it is an error
    // (the matrix put it on the wrong runner), and every check it could not make is listed.
    const why = `${label} is not this runner (${process.platform}-${process.arch}): nothing was run`
    suite.add({
      id: `version:${label}`,
      title: 'The binary reports the release version',
      status: 'skip',
      message: why,
    })
    for (const [i, cmd] of (options.commands ?? []).entries()) {
      suite.add({ id: `smoke:${label}:${cmd.name ?? i + 1}`, title: cmd.run, status: 'skip', message: why })
    }
    suite.add({
      id: `runner:${label}`,
      title: 'The leg runs on the platform it tests',
      status: 'error',
      message: `${why}; run this leg on a ${label} runner`,
    })
    return suite.finish()
  }
  registerEnvSecrets(ctx.secrets, process.env, ...(options.commands ?? []).map((c) => c.env))
  const step: StepContext = {
    env: stepEnv(process.env, { bin, version, tag, platform: label }),
    cwd: process.cwd(),
    scratch: path.join(ctx.workDir, 'scripts'),
    timeoutMs: options.timeout ?? DEFAULT_TIMEOUT_MS,
    secrets: ctx.secrets,
    signal: ctx.signal,
  }
  const argv = versionArgv.map((a) => a.replaceAll('{bin}', bin))
  const versionCheck = await ctx.logger.group('Version', () =>
    suite.run(`version:${label}`, 'The binary reports the release version', () =>
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
  return suite.finish()
}

function runsHere(platform: Platform): boolean {
  return platform.os === process.platform && platform.arch === process.arch
}

// A binary the OS refuses to start (no such file, not executable, wrong format) is a broken release,
// not a check that could not be made.
async function startFailureIsFail(
  attempt: () => ReturnType<typeof versionAttempt>,
): ReturnType<typeof versionAttempt> {
  try {
    return await attempt()
  } catch (err) {
    if (!isPostflightError(err, 'PROCESS')) throw err
    return { status: 'fail', message: err.message, evidence: { code: err.code } }
  }
}
