import { existsSync } from 'node:fs'
import {
  commonInputs,
  type EngineContext,
  PostflightError,
  SuiteBuilder,
  type SuiteResult,
  type SuiteSpec,
} from '@postflight/core'
import { z } from 'zod'
import { computeTrends, openHistory } from './history/index.ts'

/** `postflight history`: the trends of the latest run in a history database. */
export const HistoryInputs = z
  .object({
    history: z.string().min(1).describe('Path to the SQLite history database the report writes'),
    window: z.coerce
      .number()
      .int()
      .min(2)
      .max(1000)
      .default(10)
      .describe('How many recent runs the trends cover'),
    ...commonInputs,
  })
  .strict()

/**
 * Prints the trends of the latest recorded run and returns them as checks: newly failing → fail,
 * flaky and slower → warn, newly fixed → pass, so the exit code says whether anything regressed.
 */
async function history(options: z.output<typeof HistoryInputs>, ctx: EngineContext): Promise<SuiteResult> {
  if (!existsSync(options.history)) {
    throw new PostflightError(
      'NOT_FOUND',
      `--history: ${options.history} does not exist (the report's history input writes it)`,
      {
        field: 'history',
      },
    )
  }
  const db = openHistory(options.history)
  try {
    const latest = db.prepare('SELECT id, generated_at, tag FROM runs ORDER BY id DESC LIMIT 1').get() as
      | { id: number; generated_at: string; tag: string | null }
      | undefined
    const suite = new SuiteBuilder('history', ctx.leg, latest?.tag ? { tag: latest.tag } : {})
    if (!latest) {
      suite.add({
        id: 'history:runs',
        title: 'The history has runs',
        status: 'skip',
        message: 'no run recorded yet',
      })
      return suite.finish()
    }
    const t = computeTrends(db, latest.id, options.window)
    ctx.logger.info(
      `run ${latest.id} (${latest.tag ?? latest.generated_at}) against ${t.since ? `${t.since.release ? 'the previous release' : 'the previous run'}, ${t.since.tag ?? t.since.generatedAt}` : 'nothing: the first run'}, over ${t.runs} runs`,
    )
    const add = (
      kind: string,
      title: string,
      status: 'pass' | 'fail' | 'warn',
      items: { leg: string; id: string }[],
      why: (i: number) => string,
    ): void => {
      items.forEach((c, i) => {
        suite.add({ id: suite.uniqueId(`${kind}:${c.leg} ${c.id}`), title, status, message: why(i) })
      })
    }
    const base = t.since?.release ? `the previous release (${t.since.tag})` : 'the previous run'
    add('newly-failing', `Passed in ${base}`, 'fail', t.newlyFailing, () => `passed in ${base}, fails now`)
    add('newly-fixed', `Fixed since ${base}`, 'pass', t.newlyFixed, () => `failed in ${base}, passes now`)
    // Against the previous release, what regressed since the previous run (of this same release)
    // and is not already listed as newly failing: fail-on regression's view.
    const listed = new Set(t.newlyFailing.map((c) => `${c.leg} ${c.id}`))
    add(
      'regressed',
      'Passed in the previous run',
      'fail',
      t.since?.release ? t.regressed.filter((c) => !listed.has(`${c.leg} ${c.id}`)) : [],
      () => 'passed in the previous run, fails now',
    )
    add('flaky', 'Passed without retries', 'warn', t.flaky, () => 'passed only after a retry')
    add('slower', 'As fast as usual', 'warn', t.durationRegressions, (i) => {
      const d = t.durationRegressions[i]
      return d ? `${Math.round(d.ms)} ms against a median of ${Math.round(d.medianMs)} ms` : ''
    })
    for (const u of t.unstable) ctx.logger.info(`pass rate ${u.passed}/${u.runs}  ${u.leg} ${u.id}`)
    const summary = `${t.newlyFailing.length} newly failing, ${t.newlyFixed.length} newly fixed, ${t.flaky.length} flaky, ${t.durationRegressions.length} slower, ${t.unstable.length} below 100% over ${t.runs} runs`
    ctx.logger.info(summary)
    suite.add({ id: 'history:trends', title: 'Trends computed', status: 'pass', message: summary })
    return suite.finish()
  } finally {
    db.close()
  }
}

export const historySpec: SuiteSpec<typeof HistoryInputs> = {
  suite: 'history',
  schema: HistoryInputs,
  engine: history,
}
