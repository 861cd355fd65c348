import { spawn } from 'node:child_process'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { NODE24 } from './paths.ts'
import { parseGithubOutput } from './real-release.ts'

export interface BundleRun {
  code: number | null
  /** stdout and stderr together, as the runner's log shows them. */
  log: string
  /** The raw GITHUB_OUTPUT file, and the outputs read from it. */
  output: string
  outputs: Record<string, string>
  summary: string
  /** The step's working directory (also GITHUB_WORKSPACE and RUNNER_TEMP). */
  step: string
}

export interface BundleStep {
  /** Environment on top of the runner's own; INPUT_* come from `inputs`. */
  env?: NodeJS.ProcessEnv
  /** A step folder the caller already filled; else a new one under `parent`. */
  step?: string
}

/**
 * Runs a committed action bundle exactly as the runner does: `node24 dist/index.js` in the step's
 * folder with INPUT_* variables (names keep their hyphens) and the GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY files, then reads what it left behind.
 */
export async function runBundle(
  bundle: string,
  parent: string,
  inputs: Record<string, string>,
  options: BundleStep = {},
): Promise<BundleRun> {
  const step = options.step ?? (await mkdtemp(path.join(parent, 'step-')))
  const outputFile = path.join(step, 'output')
  const summaryFile = path.join(step, 'summary')
  await writeFile(outputFile, '')
  await writeFile(summaryFile, '')
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_WORKSPACE: step,
    RUNNER_NAME: 'test-runner',
    RUNNER_TEMP: step,
    ...options.env,
  }
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value
  const child = spawn(NODE24, [bundle], { cwd: step, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  child.stdout.on('data', (d) => {
    log += d
  })
  child.stderr.on('data', (d) => {
    log += d
  })
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  const output = await readFile(outputFile, 'utf8')
  return {
    code,
    log,
    output,
    outputs: parseGithubOutput(output),
    summary: await readFile(summaryFile, 'utf8'),
    step,
  }
}
