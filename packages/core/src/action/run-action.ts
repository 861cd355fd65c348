import * as core from '@actions/core'
import type { z } from 'zod'
import { describeError } from '../errors.ts'
import { honourProxyEnvironment } from '../http/transport.ts'
import type { LogRecord } from '../log/logger.ts'
import { inputNames, type RawInputs } from '../options/inputs.ts'
import { renderSuiteSummary } from '../render/suite-summary.ts'
import type { Check, SuiteResult } from '../result/model.ts'
import { cancellationSignal, type Execution, executeSuite, type SuiteSpec } from '../run/execute-suite.ts'

export interface ActionSpec<S extends z.ZodObject> extends SuiteSpec<S> {
  /** Extra step outputs beyond status, results-file and failed-checks. */
  outputs?: (result: SuiteResult) => Record<string, string>
}

function sink(record: LogRecord): void {
  const text = record.fields ? `${record.message} ${JSON.stringify(record.fields)}` : record.message
  if (record.level === 'debug') core.debug(text)
  else if (record.level === 'warn') core.warning(text)
  else if (record.level === 'error') core.error(text)
  else core.info(text)
}

const ANNOTATION_TITLE = { fail: 'Failed', error: 'Could not check', warn: 'Warning' } as const

/**
 * Failed, errored and warned checks become annotations, on their file and line when they have one;
 * at most 50, as GitHub shows no more per step (the summary and the results file have them all).
 */
function annotate(checks: readonly Check[]): void {
  let shown = 0
  for (const c of checks) {
    if (c.status !== 'fail' && c.status !== 'error' && c.status !== 'warn') continue
    if (++shown > 50) break
    const props: core.AnnotationProperties = { title: `${ANNOTATION_TITLE[c.status]}: ${c.title}` }
    if (c.location) {
      props.file = c.location.path
      if (c.location.line) props.startLine = c.location.line
    }
    if (c.status === 'warn') core.warning(c.message, props)
    else core.error(c.message, props)
  }
}

/** Step outputs every action sets. `failed-checks` is a JSON array of check ids (use `fromJSON`). */
export function standardOutputs(execution: Execution): Record<string, string> {
  const failed = execution.result.checks
    .filter((c) => c.status === 'fail' || c.status === 'error')
    .map((c) => c.id)
  return {
    status: execution.result.status,
    'results-file': execution.resultsFile ?? '',
    'failed-checks': JSON.stringify(failed),
  }
}

/** Why the step failed (or, with fail-on never, why it did not), in one line. */
function verdictLine(suite: string, execution: Execution, failed: string): string | undefined {
  if (execution.exitCode === 2) {
    return `${suite} could not complete: ${describeError(execution.error ?? new Error(execution.result.status))}`
  }
  if (execution.exitCode === 1) {
    return execution.result.status === 'warn'
      ? `${suite}: the release passed with warnings, and fail-on is 'warn'`
      : `${suite}: the release failed checks ${failed}`
  }
  if (execution.result.status === 'fail')
    return `${suite}: the release failed checks ${failed}, but fail-on is 'never'`
  return undefined
}

/**
 * The whole life of an action step: inputs → engine → outputs, summary, annotations, results file;
 * only then, and only if the verdict says so, the step is marked failed. Never throws.
 */
export async function runAction<S extends z.ZodObject>(spec: ActionSpec<S>): Promise<void> {
  try {
    const proxy = honourProxyEnvironment()
    if (proxy.on) core.info('HTTP(S)_PROXY is set: requests go through the proxy')
    if (proxy.warning) core.warning(proxy.warning)
    const raw: RawInputs = {}
    for (const name of inputNames(spec.schema)) raw[name] = core.getInput(name)
    const execution = await executeSuite(spec, {
      raw,
      style: 'action',
      signal: cancellationSignal(),
      sink,
      onGroup: { start: (n) => core.startGroup(n), end: () => core.endGroup() },
      onSecret: (v) => core.setSecret(v),
      release: {
        ...(process.env.GITHUB_REPOSITORY ? { repo: process.env.GITHUB_REPOSITORY } : {}),
      },
    })
    const outputs = { ...standardOutputs(execution), ...(spec.outputs?.(execution.result) ?? {}) }
    for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value)
    annotate(execution.result.checks)
    try {
      await core.summary.addRaw(renderSuiteSummary(execution.result)).write()
    } catch (err) {
      // Outside Actions there is no summary file; the verdict still stands.
      core.warning(`could not write the job summary: ${describeError(err)}`)
    }
    const line = verdictLine(spec.suite, execution, outputs['failed-checks'] ?? '[]')
    if (execution.exitCode !== 0) {
      core.setFailed(execution.redact(line ?? spec.suite))
      process.exitCode = execution.exitCode
    } else if (line) {
      core.warning(execution.redact(line))
    }
  } catch (err) {
    core.setFailed(`${spec.suite}: ${describeError(err)}`)
    process.exitCode = 2
  }
}
