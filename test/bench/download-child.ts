// Fetches and verifies a GitHub release from the loopback fake the way `postflight verify
// --repository … --tag …` does, and reports the process's peak RSS on stdout as JSON.
import { executeSuite } from '@postflight/core'
import { verifySpec } from '@postflight/verify-artifacts'

const [apiUrl, downloadDir, resultsDir] = process.argv.slice(2)
const execution = await executeSuite(verifySpec, {
  raw: {
    repository: 'acme/app',
    tag: 'v1.0.0',
    'github-api-url': apiUrl,
    'download-dir': downloadDir,
    'results-dir': resultsDir,
    'check-archives': 'false',
  },
  style: 'cli',
  sink: () => {},
})
const failed = execution.result.checks.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.message}`)
process.stdout.write(
  `${JSON.stringify({ exitCode: execution.exitCode, failed, maxRssKiB: process.resourceUsage().maxRSS })}\n`,
)
