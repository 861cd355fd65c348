import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { z } from 'zod'
import type { EngineContext, Progress } from '../engine.ts'
import { describeError, isPostflightError } from '../errors.ts'
import { createLogger, type LogSink } from '../log/logger.ts'
import { SecretRegistry } from '../log/secrets.ts'
import { inputsFromEnv, loadConfigSection, mergeInputs } from '../options/config.ts'
import { inputNames, parseInputs, type RawInputs } from '../options/inputs.ts'
import { currentLeg } from '../options/leg.ts'
import type { ReleaseRef, SuiteResult } from '../result/model.ts'
import { writeResultsFile } from '../result/results-file.ts'
import { exitCodeFor, type FailOn } from '../result/status.ts'
import { SuiteBuilder } from '../result/suite-builder.ts'

/** What an action or CLI command is: its inputs schema and its engine. */
export interface SuiteSpec<S extends z.ZodObject> {
  suite: string
  schema: S
  /** Inputs whose values are secrets: registered before anything is logged. */
  secretInputs?: readonly string[]
  engine: (options: z.output<S>, ctx: EngineContext) => Promise<SuiteResult>
}

export interface ExecuteOptions {
  raw: RawInputs
  style: 'action' | 'cli'
  sink: LogSink
  onGroup?: { start(name: string): void; end(): void }
  onSecret?: (value: string) => void
  progress?: (p: Progress) => void
  env?: NodeJS.ProcessEnv
  signal?: AbortSignal
  release?: ReleaseRef
  verbose?: boolean
}

export interface Execution {
  result: SuiteResult
  resultsFile: string | undefined
  exitCode: 0 | 1 | 2
  /** The error that stopped the run, when the tool could not do its job. */
  error?: Error
}

/**
 * Runs one suite the same way for every adapter: layered inputs parsed with the suite's schema, the
 * engine under a private work dir, and a results file written whatever happens — a bad input or a
 * crash becomes an `error` result that is written and reported, never lost.
 */
export async function executeSuite<S extends z.ZodObject>(
  spec: SuiteSpec<S>,
  opts: ExecuteOptions,
): Promise<Execution> {
  const env = opts.env ?? process.env
  const secrets = new SecretRegistry()
  if (opts.onSecret) secrets.onAdd(opts.onSecret)
  for (const name of spec.secretInputs ?? []) {
    const v = opts.raw[name]
    if (typeof v === 'string') secrets.add(v)
  }
  const logger = createLogger({
    sink: opts.sink,
    secrets,
    level: opts.verbose ? 'debug' : 'info',
    ...(opts.onGroup ? { onGroup: opts.onGroup } : {}),
  })
  const leg = currentLeg(undefined, env)
  const release: ReleaseRef = { ...opts.release }
  let resultsDir =
    typeof opts.raw['results-dir'] === 'string' ? opts.raw['results-dir'] : 'postflight-results'
  let failOn: FailOn = 'fail'
  let result: SuiteResult
  let error: Error | undefined
  const workDir = await mkdtemp(path.join(os.tmpdir(), `postflight-${spec.suite}-`))
  try {
    const configPath =
      typeof opts.raw.config === 'string' && opts.raw.config !== '' ? opts.raw.config : undefined
    const fromConfig = configPath ? await loadConfigSection(configPath, spec.suite) : {}
    const layered = mergeInputs(fromConfig, inputsFromEnv(inputNames(spec.schema), env), opts.raw)
    const options = parseInputs(spec.schema, layered, opts.style)
    resultsDir = String(options['results-dir'] ?? resultsDir)
    failOn = (options['fail-on'] as FailOn | undefined) ?? 'fail'
    for (const name of spec.secretInputs ?? []) {
      const v = options[name]
      if (typeof v === 'string') secrets.add(v)
    }
    const ctx: EngineContext = {
      logger,
      secrets,
      signal: opts.signal ?? new AbortController().signal,
      workDir,
      leg,
    }
    if (opts.progress) ctx.progress = opts.progress
    const produced = await spec.engine(options, ctx)
    // What the adapter knows (the repository it runs in) fills what the engine left open.
    result = { ...produced, release: { ...release, ...produced.release } }
  } catch (err) {
    error = err instanceof Error ? err : new Error(String(err))
    const builder = new SuiteBuilder(spec.suite, leg, release)
    const badInput = isPostflightError(err, 'BAD_INPUT', 'BAD_CONFIG')
    builder.add({
      id: badInput ? 'inputs' : 'engine',
      title: badInput ? 'Inputs are valid' : 'The engine completed',
      status: 'error',
      message: describeError(err),
      evidence: isPostflightError(err) ? { code: err.code, ...(err.field ? { field: err.field } : {}) } : {},
    })
    builder.markPartial(badInput ? 'no check was made: the inputs are invalid' : 'the engine stopped early')
    logger.error(describeError(err))
    result = builder.finish()
  } finally {
    await rm(workDir, { recursive: true, force: true }).catch(() => undefined)
  }
  let resultsFile: string | undefined
  try {
    resultsFile = await writeResultsFile(resultsDir, result, secrets)
  } catch (err) {
    logger.error(`could not write the results file to ${resultsDir}: ${describeError(err)}`)
    error ??= err instanceof Error ? err : new Error(String(err))
    return { result: secrets.redactDeep(result), resultsFile: undefined, exitCode: 2, error }
  }
  const execution: Execution = {
    result: secrets.redactDeep(result),
    resultsFile,
    exitCode: exitCodeFor(result.status, failOn),
  }
  if (error) execution.error = error
  return execution
}
