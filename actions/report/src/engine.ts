import path from 'node:path'
import {
  type CheckInput,
  countByStatus,
  type EngineContext,
  PostflightError,
  type Report,
  SuiteBuilder,
  type SuiteResult,
} from '@postflight/core'
import { aggregate } from './aggregate.ts'
import { type ArtifactSource, downloadResults, findResultsFiles } from './collect.ts'
import { parseExpectations } from './expect.ts'
import type { CacheService } from './history/cache.ts'
import { recordHistory } from './history/record.ts'
import type { ReportOptions } from './inputs.ts'
import { createPublisher, notGating, type Publisher } from './publish.ts'
import { type LegRead, readLeg } from './read-results.ts'
import { legName } from './render/common.ts'
import { type Written, writeReport } from './write-report.ts'

export const SUITE = 'report'

/** What the engine needs from outside; tests pass fakes, the action the real ones. */
export interface ReportDeps {
  /** The run's artifact store, used when `results` is not given on Actions. */
  artifacts?: () => Promise<ArtifactSource>
  /** The Actions cache the history database persists in between runs; default @actions/cache. */
  cache?: () => Promise<CacheService>
  /** How long one cache call may take (default 2 minutes); tests make it short. */
  cacheTimeoutMs?: number
  /** Publishing to GitHub and a webhook; default the real one (publish.ts). */
  publish?: Publisher
  /** Called with the report and the files written, for the adapter's outputs and job summary. */
  onReport?: (report: Report, written: Written[], detailsUrl?: string, published?: CheckInput[]) => void
  env?: NodeJS.ProcessEnv
  now?: () => Date
}

/**
 * The report engine: find every leg's results (downloading the run's artifacts on Actions), read
 * and validate each, aggregate fail-closed, write every format, and record one check per leg and
 * per expectation in the report's own SuiteResult — which is what gates the step.
 */
export function createReportEngine(deps: ReportDeps = {}) {
  return async function report(options: ReportOptions, ctx: EngineContext): Promise<SuiteResult> {
    const { logger } = ctx
    const env = deps.env ?? process.env
    if (options.publish?.includes('webhook') && !options['webhook-url']) {
      throw new PostflightError(
        'BAD_INPUT',
        "input 'publish' names webhook, but 'webhook-url' is not given",
        {
          field: 'webhook-url',
        },
      )
    }
    const suite = new SuiteBuilder(SUITE, ctx.leg)
    ctx.attach?.(suite)

    const sources = await logger.group('Find the results', async () => {
      if (options.results?.length) return options.results
      if (env.GITHUB_ACTIONS === 'true' && env.ACTIONS_RUNTIME_TOKEN && deps.artifacts) {
        const dirs = await downloadResults(await deps.artifacts(), path.join(ctx.workDir, 'artifacts'))
        logger.info(`downloaded ${dirs.length} postflight-* artifacts of this run`)
        return dirs
      }
      return [options['results-dir']]
    })
    const files = await findResultsFiles(sources, [options['out-dir']])
    const reads = await readAll(files)
    const report = aggregate(reads, parseExpectations(options.expect ?? []), {
      ...(deps.now ? { now: deps.now() } : {}),
    })
    suite.release = report.release
    logger.info(`${report.suites.length} legs from ${files.length} files; ${report.missing.length} missing`)

    if (report.suites.length === 0) {
      suite.add({
        id: 'results:found',
        title: 'Results were found',
        status: report.missing.length > 0 ? 'fail' : 'error',
        message: `no results files in ${sources.join(', ')}: nothing to judge, so the release cannot pass`,
      })
    }
    // fail-on regression needs the previous run; without it (no history, a first run, an unusable
    // database) it fails closed: every failure counts.
    const history = await logger.group('Record the history', () =>
      recordHistory(suite, report, options, {
        env,
        logger,
        ...(deps.cache ? { cache: deps.cache } : {}),
        ...(deps.cacheTimeoutMs ? { cacheTimeoutMs: deps.cacheTimeoutMs } : {}),
      }),
    )
    const regressions = history.regressions
    for (const s of report.suites) legCheck(suite, s, options['fail-on'], regressions)
    warnDuplicateLegs(suite, report.suites)
    for (const e of options.expect ?? []) {
      const missing = report.missing.includes(e)
      suite.add({
        id: suite.uniqueId(`expected:${e}`),
        title: `Leg ${e} reported`,
        status: missing ? 'fail' : 'pass',
        message: missing
          ? `expected leg ${e} never reported (crashed, cancelled or not run)`
          : `${e} reported`,
      })
    }

    // On Actions the detailed page is in the run's artifacts; the summary links there, unless
    // report-url says where it is hosted.
    const detailsUrl =
      options['report-url'] ??
      (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
        ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}#artifacts`
        : undefined)
    const written = await logger.group('Write the report', () =>
      writeReport(report, options['out-dir'], options.formats, detailsUrl ? { detailsUrl } : {}),
    )
    for (const w of written) {
      suite.add({
        id: `render:${w.format}`,
        title: `The ${w.format} report was written`,
        status: w.error ? 'error' : 'pass',
        message: w.error ?? w.files.join(', '),
      })
    }
    // After the files: whatever publishing meets, the report is already on disk.
    const published: CheckInput[] = []
    if (options.publish?.length) {
      const publisher = deps.publish ?? createPublisher({ env })
      const checks = await logger.group('Publish', () =>
        publisher.publish(report, options, { logger, signal: ctx.signal, secrets: ctx.secrets }),
      )
      for (const c of checks) published.push(suite.add(notGating(c, options['fail-on'], logger)))
    }
    // Last: the upload of the history to the cache never holds back the files or the publishing.
    if (history.save) await logger.group('Save the history', history.save)
    // Redacted here: the job summary they end up in is written by the adapter, not the results writer.
    deps.onReport?.(report, written, detailsUrl, ctx.secrets.redactDeep(published))
    return suite.finish()
  }
}

/**
 * Reads a few files at a time: all 500 legs of a big matrix at once held every file's text and
 * both parsed forms together, and doubled the report's peak memory for no gain in time.
 */
async function readAll(files: readonly string[], concurrency = 8): Promise<LegRead[]> {
  const reads: LegRead[] = new Array(files.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const i = next++
      reads[i] = await readLeg(files[i] as string)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker))
  return reads
}

/**
 * Two results for one suite@leg mean a matrix gave two jobs the same label (or a leg was uploaded
 * twice): one of them may be standing in for a leg that never ran, so it is said out loud.
 */
function warnDuplicateLegs(suite: SuiteBuilder, suites: readonly SuiteResult[]): void {
  const seen = new Map<string, number>()
  for (const s of suites) seen.set(legName(s), (seen.get(legName(s)) ?? 0) + 1)
  for (const [name, count] of seen) {
    if (count < 2) continue
    suite.add({
      id: suite.uniqueId(`duplicate:${name}`),
      title: `Leg ${name} reported once`,
      status: 'warn',
      message: `${count} results files report ${name}: two matrix jobs may share a leg label, hiding one that never ran`,
    })
  }
}

/**
 * One check per leg, carrying the leg's verdict. With fail-on regression a failed leg gates only
 * when one of its failures is a regression; its other failures are kept as a warning.
 */
function legCheck(
  suite: SuiteBuilder,
  s: SuiteResult,
  failOn: ReportOptions['fail-on'],
  regressions: Set<string> | undefined,
): void {
  const c = countByStatus(s.checks)
  const bad = s.checks.filter((k) => k.status === 'fail' || k.status === 'error').map((k) => k.id)
  let status = s.status
  let note = ''
  if (failOn === 'regression' && status === 'fail') {
    if (regressions === undefined)
      note = ' (fail-on regression needs history; without it every failure counts)'
    else if (!bad.some((id) => regressions.has(`${legName(s)} ${id}`))) {
      status = 'warn'
      note = ' (none is a regression: fail-on is regression)'
    }
  }
  suite.add({
    id: suite.uniqueId(`leg:${legName(s)}`),
    title: `Leg ${legName(s)}`,
    status,
    message: `${s.status}: ${s.checks.length} checks, ${c.pass} passed, ${c.fail} failed, ${c.warn} warnings, ${c.error} errors, ${c.skip} skipped${bad.length ? `; failed: ${bad.slice(0, 5).join(', ')}${bad.length > 5 ? ` and ${bad.length - 5} more` : ''}` : ''}${note}`,
    evidence: { suite: s.suite, leg: s.leg.label, runner: s.leg.runner, partial: s.partial },
  })
}
