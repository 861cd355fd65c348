import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { z } from 'zod'
import type { EngineContext, Progress } from '../engine.ts'
import { describeError, isPostflightError, PostflightError } from '../errors.ts'
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
  /** Cancellation (SIGINT, SIGTERM, a job timeout): the engine stops and a partial result is written. */
  signal?: AbortSignal
  release?: ReleaseRef
  verbose?: boolean
  /** Usage errors an adapter found before parsing (a stray argument): reported like a bad input. */
  usageErrors?: readonly string[]
}

export interface Execution {
  /** The result as written: validated, status derived from the checks, secrets redacted. */
  result: SuiteResult
  resultsFile: string | undefined
  exitCode: 0 | 1 | 2
  failOn: FailOn
  /** The error that stopped the run, when the tool could not do its job. */
  error?: Error
  /** Redacts this run's secrets from any text an adapter prints. */
  redact(text: string): string
}

/**
 * Runs one suite the same way for every adapter: layered inputs parsed with the suite's schema, the
 * engine under a private work dir, and a results file written whatever happens — a bad input, a
 * crash or a cancellation becomes an `error` result that is written and reported, never lost, and
 * keeps the checks the engine had already made.
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
  for (const key of ['tag', 'version'] as const) {
    const v = opts.raw[key]
    if (typeof v === 'string' && v !== '') release[key] = v
  }
  let resultsDir =
    typeof opts.raw['results-dir'] === 'string' ? opts.raw['results-dir'] : 'postflight-results'
  let failOn: FailOn = 'fail'
  let attached: SuiteBuilder | undefined
  let result: SuiteResult
  let error: Error | undefined
  let workDir: string | undefined
  try {
    workDir = await mkdtemp(path.join(os.tmpdir(), `postflight-${spec.suite}-`))
    const names = inputNames(spec.schema)
    const fromEnv = inputsFromEnv(names, env)
    const configPath = stringInput(opts.raw.config) ?? env.POSTFLIGHT_CONFIG
    const fromConfig = configPath ? await loadConfigSection(configPath, spec.suite, names) : {}
    const layered = mergeInputs(fromConfig, fromEnv, opts.raw)
    resultsDir = stringInput(layered['results-dir']) ?? resultsDir
    if (opts.usageErrors?.length) throw new PostflightError('BAD_INPUT', opts.usageErrors.join('\n'))
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
      attach: (suite) => {
        attached = suite
      },
    }
    if (opts.progress) ctx.progress = opts.progress
    opts.signal?.throwIfAborted()
    const produced = await spec.engine(options, ctx)
    // What the adapter knows (the repository it runs in) fills what the engine left open.
    result = { ...produced, release: { ...release, ...produced.release } }
  } catch (err) {
    error = err instanceof Error ? err : new Error(String(err))
    result = errorResult(spec.suite, leg, release, err, attached, opts.signal?.aborted === true)
    logger.error(describeError(err))
  } finally {
    if (workDir) await rm(workDir, { recursive: true, force: true }).catch(() => undefined)
  }
  const redact = (text: string): string => secrets.redact(text)
  let written: { file: string; result: SuiteResult }
  try {
    written = await writeResultsFile(resultsDir, result, secrets)
  } catch (err) {
    // A result that fails its own schema is a bug in an engine: record that instead, still on disk.
    logger.error(`could not write the results file to ${resultsDir}: ${describeError(err)}`)
    error ??= err instanceof Error ? err : new Error(String(err))
    const fallback = errorResult(spec.suite, leg, release, err, undefined, false)
    written = await writeResultsFile(resultsDir, fallback, secrets).catch(() => ({
      file: '',
      result: fallback,
    }))
    return {
      result: written.result,
      resultsFile: written.file || undefined,
      exitCode: 2,
      failOn,
      error,
      redact,
    }
  }
  const execution: Execution = {
    result: written.result,
    resultsFile: written.file,
    exitCode: exitCodeFor(written.result.status, failOn),
    failOn,
    redact,
  }
  if (error) execution.error = error
  return execution
}

function stringInput(v: RawInputs[string]): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined
}

function errorResult(
  suite: string,
  leg: SuiteResult['leg'],
  release: ReleaseRef,
  err: unknown,
  attached: SuiteBuilder | undefined,
  cancelled: boolean,
): SuiteResult {
  const builder = attached ?? new SuiteBuilder(suite, leg, release)
  const badInput = isPostflightError(err, 'BAD_INPUT', 'BAD_CONFIG')
  const id = builder.uniqueId(badInput ? 'inputs' : cancelled ? 'cancelled' : 'engine')
  builder.add({
    id,
    title: badInput ? 'Inputs are valid' : cancelled ? 'The run was not cancelled' : 'The engine completed',
    status: 'error',
    message: describeError(err),
    evidence: isPostflightError(err) ? { code: err.code, ...(err.field ? { field: err.field } : {}) } : {},
  })
  builder.markPartial(
    badInput
      ? 'no check was made: the inputs are invalid'
      : cancelled
        ? 'the run was cancelled'
        : 'the engine stopped early',
  )
  return builder.finish()
}

/**
 * An AbortSignal that fires on SIGINT or SIGTERM (a cancelled job, Ctrl-C), so a suite stops and
 * still writes its partial result; a second signal exits at once.
 */
export function cancellationSignal(): AbortSignal {
  const controller = new AbortController()
  const onSignal = (name: NodeJS.Signals): void => {
    if (controller.signal.aborted) process.exit(130)
    controller.abort(new Error(`cancelled by ${name}`))
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  return controller.signal
}
