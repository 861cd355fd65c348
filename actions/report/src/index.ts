import type { CheckInput, Report, SuiteSpec } from '@postflight/core'
import { createReportEngine, type ReportDeps } from './engine.ts'
import { ReportInputs } from './inputs.ts'
import type { Written } from './write-report.ts'

export { aggregate, reportStatus } from './aggregate.ts'
export { createReportEngine, type ReportDeps, SUITE } from './engine.ts'
export { HistoryInputs, historySpec } from './history-command.ts'
export { FORMATS, ReportInputs, type ReportOptions } from './inputs.ts'
export { renderFormat, writeReport } from './write-report.ts'

/** What the last run of the engine produced, for the adapter's outputs and summary. */
export interface LastReport {
  report?: Report
  written?: Written[]
  detailsUrl?: string
  /** The `publish:<target>` checks, for the job summary. */
  published?: CheckInput[]
}

/** report as the action entry and the CLI both run it; `last` is filled when the engine finishes. */
export function makeReportSpec(deps: ReportDeps = {}): SuiteSpec<typeof ReportInputs> & { last: LastReport } {
  const last: LastReport = {}
  return {
    suite: 'report',
    schema: ReportInputs,
    // A Slack webhook URL is itself a credential: anyone holding it can post to the channel.
    secretInputs: ['token', 'webhook-secret', 'webhook-url'],
    engine: createReportEngine({
      ...deps,
      onReport: (report, written, detailsUrl, published) => {
        if (published?.length) last.published = published
        last.report = report
        last.written = written
        if (detailsUrl) last.detailsUrl = detailsUrl
        deps.onReport?.(report, written, detailsUrl, published)
      },
    }),
    last,
  }
}

export const reportSpec = makeReportSpec()
