import { runStep, type StepContext } from './run-step.ts'

/**
 * The startup time of the binary: the median wall time of `runs` runs of the version command (the
 * median, so one cold start or a busy runner does not move it). Runs that fail are not counted.
 */
export async function measureStartup(
  ctx: StepContext,
  argv: readonly string[],
  runs: number,
): Promise<{ medianMs: number; samples: number[] } | undefined> {
  const [command, ...args] = argv as [string, ...string[]]
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const r = await runStep(ctx, command, args).catch(() => undefined)
    if (r && !r.timedOut && r.exitCode === 0) samples.push(r.durationMs)
  }
  if (samples.length === 0) return undefined
  const sorted = [...samples].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  const medianMs =
    sorted.length % 2 === 1
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
  return { medianMs, samples }
}
