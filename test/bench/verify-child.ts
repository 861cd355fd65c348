// Runs one verification the way `postflight verify` does and reports the process's peak RSS
// (worker threads included) on stdout as JSON, for run.ts to compare.
import { executeSuite } from '@postflight/core'
import { verifySpec } from '@postflight/verify-artifacts'

const [directory, resultsDir] = process.argv.slice(2)
const execution = await executeSuite(verifySpec, {
  raw: { directory, 'results-dir': resultsDir, 'check-archives': 'false' },
  style: 'cli',
  sink: () => {},
})
const failed = execution.result.checks.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.message}`)
process.stdout.write(
  `${JSON.stringify({ exitCode: execution.exitCode, checks: execution.result.checks.length, failed, maxRssKiB: process.resourceUsage().maxRSS })}\n`,
)
