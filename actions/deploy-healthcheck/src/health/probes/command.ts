import { runProcess } from '@postflight/core'
import type { CommandCheck, ContainerCheck } from '../spec.ts'
import type { ExecResult, ProbeContext, ProbeOutcome } from '../types.ts'
import { trimBody } from './trim.ts'

// The job's own credentials (the workflow token, the runner's internal tokens, action inputs) are not
// the health command's business, as with the functional commands.
const CREDENTIALS = /^(GITHUB_TOKEN|GH_TOKEN|ACTIONS_.*|INPUT_.*|NPM_TOKEN|NODE_AUTH_TOKEN)$/i

function withoutCredentials(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !CREDENTIALS.test(name)))
}

/**
 * Runs the check's `run` with `sh -c`, in its container through the engine's exec when it names one,
 * else on the host, and compares the exit code. Every run is an attempt: a command has no "not
 * listening yet" state of its own.
 */
export async function probeCommand(check: CommandCheck, ctx: ProbeContext): Promise<ProbeOutcome> {
  const started = performance.now()
  const argv = ['sh', '-c', check.run]
  let result: ExecResult
  if (check.container !== undefined) {
    if (ctx.exec === undefined)
      return { state: 'fatal', message: 'no container engine to run the command in' }
    result = await ctx.exec(check.container, argv, { signal: ctx.signal, timeoutMs: ctx.timeoutMs })
  } else {
    const r = await runProcess('sh', argv.slice(1), {
      env: withoutCredentials(),
      timeoutMs: ctx.timeoutMs,
      signal: ctx.signal,
    })
    const code = r.timedOut ? null : r.exitCode
    result = { code, stdout: r.stdout, stderr: r.timedOut ? `timed out after ${ctx.timeoutMs} ms` : r.stderr }
  }
  const responseTimeMs = Math.round(performance.now() - started)
  const output = trimBody(`${result.stdout}${result.stderr === '' ? '' : `\n${result.stderr}`}`, ctx.redact)
  const response = { status: result.code ?? 'killed', body: output }
  if (result.code === check['expect-exit']) {
    return { state: 'ok', message: `exited ${result.code} in ${responseTimeMs} ms`, response, responseTimeMs }
  }
  const how = result.code === null ? 'did not finish' : `exited ${result.code}`
  return { state: 'bad', message: `${how}, expected ${check['expect-exit']}`, response, responseTimeMs }
}

/** The container's own HEALTHCHECK verdict, from inspect (through the engine). */
export async function probeContainer(check: ContainerCheck, ctx: ProbeContext): Promise<ProbeOutcome> {
  if (ctx.containerHealth === undefined)
    return { state: 'fatal', message: 'no container engine to inspect with' }
  const state = await ctx.containerHealth(check.service, { signal: ctx.signal })
  const response = {
    status: state.status,
    ...(state.log === undefined ? {} : { body: trimBody(state.log, ctx.redact) }),
  }
  switch (state.status) {
    case 'healthy':
      return { state: 'ok', message: 'the container reports healthy', response }
    case 'starting':
      // inspect is a process per call: polled every half second rather than every 100 ms.
      return { state: 'pending', message: 'the container health check is still starting', retryInMs: 500 }
    case 'unhealthy':
      return { state: 'bad', message: 'the container reports unhealthy', response }
    case 'none':
      return { state: 'fatal', message: `the image of ${check.service} declares no HEALTHCHECK`, response }
  }
}
