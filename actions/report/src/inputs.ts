import { booleanInput, commonInputs, listInput } from '@postflight/core'
import { z } from 'zod'

export const FORMATS = ['markdown', 'html', 'json', 'junit', 'sarif'] as const
export type Format = (typeof FORMATS)[number]

/** Where the verdict can be published; each needs its own permission (README). */
export const PUBLISH_TARGETS = [
  'status',
  'check-run',
  'comment',
  'issue',
  'release-notes',
  'webhook',
] as const
export type PublishTarget = (typeof PUBLISH_TARGETS)[number]

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
    // `false` as postflight.yml writes it (a YAML boolean) is `off`, like the string.
    history: z
      .preprocess(
        (v) => (v === false ? 'off' : v),
        z.string({ error: (issue) => `expected a path, or off, got ${JSON.stringify(issue.input)}` }),
      )
      .optional()
      .describe(
        'Path to the SQLite database of past runs, for trends and fail-on regression; off (or false) records nothing (default: on Actions with the cache service, $RUNNER_TEMP/postflight-history.sqlite carried between runs by the Actions cache; elsewhere, none)',
      ),
    'history-cache': booleanInput
      .default(true)
      .describe(
        'On GitHub Actions, restore the history database from the Actions cache first and save it under a new key after (default: true; false when the path persists on its own, and then no default history)',
      ),
    publish: commaList
      .pipe(z.array(z.enum(PUBLISH_TARGETS)))
      .optional()
      .describe(`Where to publish the verdict: ${PUBLISH_TARGETS.join(', ')} (default: nowhere)`),
    token: z
      .string()
      .optional()
      .describe(
        'GitHub token for publishing (default: GITHUB_TOKEN or GH_TOKEN, better than the flag, which ps shows)',
      ),
    'github-api-url': z
      .url({ protocol: /^https?$/ })
      .optional()
      .describe('GitHub REST API base URL (default: GITHUB_API_URL or https://api.github.com)'),
    repository: z
      .string()
      .regex(/^[\w.-]+\/[\w.-]+$/, 'expected owner/name')
      .optional()
      .describe('The repository to publish to, owner/name (default: GITHUB_REPOSITORY)'),
    sha: z
      .string()
      .regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/, 'expected a full commit SHA (40 or 64 hex digits)')
      .optional()
      .describe(
        "Commit for the status or check run (default: a pull request's head SHA, a workflow_run's head SHA, else GITHUB_SHA)",
      ),
    'report-url': z
      .url({ protocol: /^https?$/ })
      .optional()
      .describe('Where the verdict links to (default: this run on GitHub)'),
    'webhook-url': z
      .url({ protocol: /^https?$/ })
      .optional()
      .describe(
        'URL the verdict is POSTed to with publish: webhook (a Slack incoming webhook gets a Slack message)',
      ),
    'webhook-secret': z
      .string()
      .optional()
      .describe(
        'Key of the HMAC-SHA256 signature in X-Postflight-Signature (without it, deliveries are unsigned; on the CLI prefer POSTFLIGHT_WEBHOOK_SECRET to the flag, which ps shows)',
      ),
    ...commonInputs,
    'fail-on': ReportFailOn.default('fail').describe(
      'fail | warn | never | regression: which findings fail the step',
    ),
  })
  .strict()

export type ReportOptions = z.output<typeof ReportInputs>
