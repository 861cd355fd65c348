// Fetches and verifies a GitHub release from the loopback fake with the committed verify-artifacts
// bundle, run as the runner runs it (INPUT_* variables, GITHUB_OUTPUT): the sources through Node's
// type stripping cost about half a second of start-up that the action does not pay. Reports the
// outcome, the process's peak RSS and its CPU seconds on stdout as JSON when it exits.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const [apiUrl, downloadDir, resultsDir] = process.argv.slice(2) as [string, string, string]
const BUNDLE = path.resolve(import.meta.dirname, '../../actions/verify-artifacts/dist/index.js')

const step = await mkdtemp(`${resultsDir}-step-`)
const output = path.join(step, 'output')
await writeFile(output, '')
Object.assign(process.env, {
  GITHUB_ACTIONS: 'true',
  GITHUB_OUTPUT: output,
  GITHUB_STEP_SUMMARY: path.join(step, 'summary'),
  INPUT_REPOSITORY: 'acme/app',
  INPUT_TAG: 'v1.0.0',
  'INPUT_GITHUB-API-URL': apiUrl,
  'INPUT_DOWNLOAD-DIR': downloadDir,
  'INPUT_RESULTS-DIR': resultsDir,
  'INPUT_CHECK-ARCHIVES': 'false',
})
process.on('exit', (code) => {
  const usage = process.resourceUsage()
  process.stdout.write(
    `${JSON.stringify({
      exitCode: code,
      failed: code === 0 ? [] : [`exit ${code}: see ${output}`],
      maxRssKiB: usage.maxRSS,
      // CPU seconds (user + system): steadier than wall time on a machine others are using.
      cpuS: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
    })}\n`,
  )
})
await import(pathToFileURL(BUNDLE).href)
// Read back so a run that wrote no outputs is seen as what it is.
if (!(await readFile(output, 'utf8')).includes('status')) process.exitCode = 2
