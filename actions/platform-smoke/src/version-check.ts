import type { CheckOutcome } from '@postflight/core'
import { outputHasVersion } from './release-version.ts'
import { howItEnded, outputEvidence, runStep, type StepContext } from './run-step.ts'

/**
 * One attempt of the version check: the version command exits 0 and its output (stdout and stderr:
 * some tools print their version on stderr) reports the release version, compared as semver.
 * Without a tag or version, a clean exit is all that can be checked, and the message says so.
 */
export async function versionAttempt(
  ctx: StepContext,
  argv: readonly string[],
  version: string | undefined,
): Promise<CheckOutcome> {
  const [command, ...args] = argv as [string, ...string[]]
  const r = await runStep(ctx, command, args)
  const evidence = { command: argv, ...(version ? { expected: version } : {}), ...outputEvidence(r) }
  if (r.timedOut || r.exitCode !== 0) {
    return { status: 'fail', message: `${argv.join(' ')}: ${howItEnded(r, ctx.timeoutMs)}`, evidence }
  }
  const output = `${r.stdout}\n${r.stderr}`.replaceAll('\r\n', '\n')
  const firstLine = output.trim().split('\n')[0] ?? ''
  if (!version) {
    return {
      status: 'pass',
      message: `runs and prints ${JSON.stringify(firstLine)} (no tag or version given, so not compared)`,
      evidence,
    }
  }
  const match = outputHasVersion(output, version)
  if (match.ok)
    return { status: 'pass', message: `reports ${version}: ${JSON.stringify(firstLine)}`, evidence }
  const found = match.found.length > 0 ? `it reports ${match.found.join(', ')}` : 'it prints no version'
  return {
    status: 'fail',
    message: `expected version ${version}, but ${found}: ${JSON.stringify(firstLine)}`,
    evidence: { ...evidence, found: match.found },
  }
}
