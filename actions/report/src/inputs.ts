import { commonInputs, listInput } from '@postflight/core'
import { z } from 'zod'

export const FORMATS = ['markdown', 'html', 'json', 'junit', 'sarif'] as const
export type Format = (typeof FORMATS)[number]

/**
 * `fail-on` gains `regression` here: fail only on checks that passed in the previous run and fail
 * now. core's commonInputs keeps its three values for every other action.
 */
export const ReportFailOn = z.enum(['fail', 'warn', 'never', 'regression'], {
  error: (issue) => `expected one of fail, warn, never, regression, got ${JSON.stringify(issue.input)}`,
})

/**
 * Lists split on commas too (`verify-artifacts, platform-smoke@linux-x64`): suite names, leg
 * labels and format names never contain one.
 */
const commaList = listInput.transform((items) =>
  items.flatMap((s) => s.split(',').map((p) => p.trim())).filter((s) => s.length > 0),
)

/** The inputs of report, keyed exactly as in action.yml; the CLI takes the same names as flags. */
export const ReportInputs = z
  .object({
    results: listInput
      .optional()
      .describe(
        'Folders or globs of results files, one per line (default: on Actions, download every postflight-* artifact of this run; elsewhere, postflight-results)',
      ),
    expect: commaList
      .optional()
      .describe('Legs that must be present: suite or suite@leg-label, comma or newline separated'),
    'out-dir': z
      .string()
      .min(1)
      .default('postflight-report')
      .describe('Folder the report files are written to'),
    formats: commaList
      .pipe(z.array(z.enum(FORMATS)))
      .default([...FORMATS])
      .describe(`Formats to write: ${FORMATS.join(', ')} (default: all)`),
    history: z
      .string()
      .optional()
      .describe('Path to a SQLite database of past runs, for trends and fail-on regression'),
    ...commonInputs,
    'fail-on': ReportFailOn.default('fail').describe(
      'fail | warn | never | regression: which findings fail the step',
    ),
  })
  .strict()

export type ReportOptions = z.output<typeof ReportInputs>
