import { listInput } from '@postflight/core'
import { z } from 'zod'

/** Suite names split on commas too (`--only verify,smoke`): no suite name contains one. */
const commaList = listInput.transform((items) =>
  items.flatMap((s) => s.split(',').map((p) => p.trim())).filter((s) => s.length > 0),
)

/** The flags of `postflight run`; parsed like a suite's inputs, so a typo gets the nearest flag. */
export const RunInputs = z
  .object({
    config: z
      .string()
      .min(1)
      .default('postflight.yml')
      .describe('The postflight.yml to run (POSTFLIGHT_CONFIG when set)'),
    'results-dir': z
      .string()
      .min(1)
      .default('postflight-results')
      .describe("Folder every suite writes its results file to (or postflight.yml's defaults.results-dir)"),
    'out-dir': z
      .string()
      .min(1)
      .optional()
      .describe(
        "Folder the report is written to (default: postflight.yml's report.out-dir, else postflight-report)",
      ),
    'fail-on': z
      .enum(['fail', 'warn', 'never', 'regression'])
      .optional()
      .describe(
        "Which findings fail the run, as the report's fail-on (default: postflight.yml's report or defaults fail-on, else fail)",
      ),
    only: commaList
      .optional()
      .describe(
        'Run only these suites, comma separated, e.g. verify,smoke (default: every configured suite)',
      ),
  })
  .strict()

export type RunOptions = z.output<typeof RunInputs>
