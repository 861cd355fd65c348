import path from 'node:path'
import {
  cancellationSignal,
  currentLeg,
  describeError,
  type Execution,
  executeSuite,
  PostflightError,
  parseInputs,
  type ReleaseRef,
  renderSuiteText,
  type SuiteResult,
} from '@postflight/core'
import { makeReportSpec } from '@postflight/report'
import type { CliIO } from '../cli.ts'
import { failOnNote } from '../fail-on-note.ts'
import type { ParsedArgs } from '../flags.ts'
import { RunInputs } from './inputs.ts'
import type { LegPlan } from './plan.ts'
import { planLegs, readConfigDoc, runnableCommands, selectedSuites } from './planner.ts'
import { type Display, type LegRow, plainDisplay, rowText, ttyDisplay } from './progress.ts'
import { type LegOutcome, runLegs } from './run-legs.ts'

export const RUN_SUMMARY =
  'Run the whole pipeline from postflight.yml on this machine: every suite that can run here, the others listed as not run with why, then one report'

/** `postflight run`: plans, runs each leg in turn, writes a results file for every leg, then the report. */
export async function runCommand(args: ParsedArgs, io: CliIO): Promise<number> {
  const raw = { ...args.inputs }
  if (raw.config === undefined && io.env.POSTFLIGHT_CONFIG) raw.config = io.env.POSTFLIGHT_CONFIG
  const here = currentLeg(undefined, io.env).label
  let legs: LegPlan[]
  let config: string
  let resultsDir: string
  let outDir: string | undefined
  let failOn: string | undefined
  try {
    if (args.errors.length > 0) throw new PostflightError('BAD_INPUT', args.errors.join('\n'))
    const options = parseInputs(RunInputs, raw, 'cli')
    config = options.config
    const doc = await readConfigDoc(config)
    // The flag wins, then the environment, then defaults.results-dir of postflight.yml.
    const configured = (doc.defaults as Record<string, unknown> | undefined)?.['results-dir']
    resultsDir =
      (typeof raw['results-dir'] === 'string' ? raw['results-dir'] : undefined) ??
      io.env.POSTFLIGHT_RESULTS_DIR ??
      (typeof configured === 'string' ? configured : options['results-dir'])
    outDir = options['out-dir']
    failOn = options['fail-on']
    legs = await planLegs({
      config,
      doc,
      only: selectedSuites(options.only, runnableCommands()),
      here,
      env: io.env,
    })
  } catch (err) {
    io.stderr.write(`postflight run: ${describeError(err)}\n`)
    return 2
  }

  const rows: LegRow[] = legs.map((l) =>
    l.run
      ? { name: `${l.suite}@${l.label}`, state: 'waiting' }
      : { name: `${l.suite}@${l.label}`, state: 'not run', reason: l.reason },
  )
  const stderr = io.stderr as NodeJS.WritableStream & { isTTY?: boolean; columns?: number }
  const display: Display =
    stderr.isTTY && !io.env.CI && !args.global.json && args.global.logFormat === 'human'
      ? ttyDisplay(rows, stderr)
      : plainDisplay(rows, stderr, args.global.logFormat)
  const signal = cancellationSignal()
  const release: ReleaseRef = io.env.GITHUB_REPOSITORY ? { repo: io.env.GITHUB_REPOSITORY } : {}
  let outcomes: LegOutcome[]
  try {
    outcomes = await runLegs(legs, rows, {
      config,
      resultsDir,
      display,
      signal,
      env: io.env,
      release,
      verbose: args.global.verbose,
    })
  } finally {
    display.close()
  }

  const reportSpec = makeReportSpec()
  let report: Execution
  try {
    report = await executeSuite(reportSpec, {
      raw: {
        config,
        'results-dir': resultsDir,
        // Exactly this run's files (never a stale one from an earlier run in the same folder), and
        // every planned leg expected, so a leg whose file went missing fails the verdict.
        results: outcomes.flatMap((o) => (o.resultsFile ? [o.resultsFile] : [])),
        expect: outcomes.map((o) => `${o.suite}@${o.label}`),
        ...(outDir ? { 'out-dir': outDir } : {}),
        ...(failOn ? { 'fail-on': failOn } : {}),
      },
      style: 'cli',
      sink: display.sink,
      // No signal: after a Ctrl-C the report of what was done is still written (the cancelled legs
      // are errors in it); a second Ctrl-C ends the process at once.
      env: io.env,
      release,
      verbose: args.global.verbose,
    })
  } catch (err) {
    io.stderr.write(`postflight run: the report could not be made: ${describeError(err)}\n`)
    return 2
  }
  const files = (reportSpec.last.written ?? []).flatMap((w) => w.files)
  const html = files.find((f) => f.endsWith('.html'))
  if (args.global.json) {
    io.stdout.write(
      `${JSON.stringify(
        {
          status: report.result.status,
          exitCode: report.exitCode,
          legs: outcomes,
          report: { files, resultsFile: report.resultsFile, verdict: reportSpec.last.report?.status },
        },
        null,
        2,
      )}\n`,
    )
  } else {
    io.stdout.write(summary(outcomes, report.result, files, html, resultsDir, args.global.verbose))
    const note = failOnNote(report.result.status, report.failOn, report.exitCode)
    if (note) io.stdout.write(`${note}\n`)
  }
  return report.exitCode
}

function summary(
  outcomes: readonly LegOutcome[],
  report: SuiteResult,
  files: readonly string[],
  html: string | undefined,
  resultsDir: string,
  verbose: boolean,
): string {
  const lines = outcomes.map((o) =>
    rowText(
      o.ran
        ? { name: `${o.suite}@${o.label}`, state: 'done', status: o.status, durationMs: o.durationMs }
        : { name: `${o.suite}@${o.label}`, state: 'not run', reason: o.reason ?? '' },
    ),
  )
  return [
    '',
    ...lines,
    '',
    renderSuiteText(report, { verbose }).trimEnd(),
    `results: ${path.resolve(resultsDir)}`,
    ...(files.length ? [`report files: ${files.join(', ')}`] : []),
    ...(html ? [`html report: ${html}`] : []),
    '',
  ].join('\n')
}
