import type { CheckOutcome, EngineContext } from '@postflight/core'
import type { ComposeProject } from './compose/project.ts'
import type { HealthCheckSpec, RunHealthOptions } from './health/index.ts'
import { stackHealth } from './stack-health.ts'

/**
 * Chaos, opt-in: restarts one service of the healthy stack and checks that every check of it is
 * healthy again within `recoveryMs`. Its outcome is the `chaos:<service>` check.
 */
export async function chaosRestart(
  project: ComposeProject,
  service: string,
  checks: HealthCheckSpec[],
  bounds: RunHealthOptions,
  recoveryMs: number,
  ctx: EngineContext,
): Promise<CheckOutcome> {
  const mine = checks.filter((c) => c.service === service)
  const started = performance.now()
  const r = await project.compose(['restart', '-t', '5', service], { signal: ctx.signal, timeoutMs: 120_000 })
  if (r.exitCode !== 0) {
    return {
      status: 'error',
      message: `could not restart ${service}: exit ${r.exitCode}: ${r.stderr.trim().slice(-300)}`,
    }
  }
  if (mine.length === 0) {
    return {
      status: 'warn',
      message: `${service} restarted, but no health check watches it: recovery is unproven`,
    }
  }
  const { health } = await stackHealth(mine, { ...bounds, timeoutMs: recoveryMs }, ctx, project)
  const ms = Math.round(performance.now() - started)
  const bad = health.filter((h) => h.status !== 'healthy')
  const evidence = {
    service,
    recoveryMs,
    checks: health.map((h) => ({ name: h.name, status: h.status, message: h.message })),
  }
  if (bad.length === 0)
    return { status: 'pass', message: `${service} was restarted and recovered in ${ms} ms`, evidence }
  return {
    status: 'fail',
    message: `${service} did not recover within ${recoveryMs} ms of a restart: ${bad.map((h) => `${h.name}: ${h.message}`).join('; ')}`,
    evidence,
  }
}
