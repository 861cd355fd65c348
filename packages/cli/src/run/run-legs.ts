import {
  type CheckStatus,
  executeSuite,
  type ReleaseRef,
  SuiteBuilder,
  type SuiteResult,
  writeResultsFile,
} from '@postflight/core'
import type { LegPlan } from './plan.ts'
import { type Display, type LegRow, progressText } from './progress.ts'

/** What happened to one leg, for the summary and --json. */
export interface LegOutcome {
  suite: string
  label: string
  ran: boolean
  status: CheckStatus
  reason?: string
  durationMs: number
  resultsFile?: string
}

export interface LegsContext {
  config: string
  resultsDir: string
  display: Display
  signal: AbortSignal
  env: NodeJS.ProcessEnv
  release: ReleaseRef
  verbose: boolean
}

/**
 * Runs the planned legs one after the other (two suites at once would fight over the machine they
 * measure), each writing its results file into the one folder; a leg that does not run gets a
 * results file saying why. `rows[i]` is the display line of `legs[i]`.
 */
export async function runLegs(
  legs: readonly LegPlan[],
  rows: LegRow[],
  ctx: LegsContext,
): Promise<LegOutcome[]> {
  const outcomes: LegOutcome[] = []
  for (const [i, leg] of legs.entries()) {
    const row = rows[i] as LegRow
    if (!leg.run) {
      const resultsFile = await notRunResult(ctx, leg.suite, leg.label, leg.reason, 'skip')
      outcomes.push({
        suite: leg.suite,
        label: leg.label,
        ran: false,
        status: 'skip',
        reason: leg.reason,
        durationMs: 0,
        resultsFile,
      })
      continue
    }
    if (ctx.signal.aborted) {
      // Never green: a leg the run meant to make and did not is an error, not a skip.
      const reason = 'cancelled before it ran'
      const resultsFile = await notRunResult(ctx, leg.suite, leg.label, reason, 'error')
      outcomes.push({
        suite: leg.suite,
        label: leg.label,
        ran: false,
        status: 'error',
        reason,
        durationMs: 0,
        resultsFile,
      })
      Object.assign(row, { state: 'not run', reason })
      ctx.display.update(row)
      continue
    }
    Object.assign(row, { state: 'running', startedAt: Date.now() })
    ctx.display.update(row)
    const execution = await executeSuite(leg.command.spec, {
      raw: { config: ctx.config, 'results-dir': ctx.resultsDir },
      style: 'cli',
      sink: ctx.display.sink,
      signal: ctx.signal,
      env: ctx.env,
      release: ctx.release,
      verbose: ctx.verbose,
      // Shown in the leg's line on a terminal; the plain display ignores it (no line per chunk).
      progress: (p) => {
        row.detail = progressText(p)
      },
    })
    const durationMs = Date.now() - (row.startedAt ?? Date.now())
    const { label } = execution.result.leg
    // A suite may name its leg otherwise (container-scan: by image); the report knows it so.
    Object.assign(row, {
      name: `${leg.suite}@${label}`,
      state: 'done',
      status: execution.result.status,
      durationMs,
    })
    ctx.display.update(row)
    outcomes.push({
      suite: leg.suite,
      label,
      ran: true,
      status: execution.result.status,
      durationMs,
      ...(execution.resultsFile ? { resultsFile: execution.resultsFile } : {}),
    })
  }
  return outcomes
}

/** The results file of a leg that did not run: one check saying why, so the report lists it with the reason. */
async function notRunResult(
  ctx: LegsContext,
  suite: string,
  label: string,
  reason: string,
  status: 'skip' | 'error',
): Promise<string> {
  const [os = label, arch = ''] = label.split(/-(.*)/s)
  const builder = new SuiteBuilder(suite, { os, arch, runner: 'not run', label }, ctx.release)
  builder.add({ id: 'run:not-run', title: `${suite} ran on ${label}`, status, message: `not run: ${reason}` })
  const result: SuiteResult = builder.finish()
  return (await writeResultsFile(ctx.resultsDir, result)).file
}
