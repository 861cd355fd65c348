import type { EngineContext } from '@postflight/core'
import { healthHooks } from './compose/hooks.ts'
import type { ComposeProject } from './compose/project.ts'
import { ContainerWatch } from './compose/watch.ts'
import { sleep } from './health/attempt.ts'
import {
  type HealthCheckSpec,
  type RunHealthOptions,
  runHealthChecks,
  type ServiceHealth,
} from './health/index.ts'
import { DEFAULTS, type DeployOptions } from './inputs.ts'

/**
 * How long a service no check watches is kept under the container watch, from the start of the wait:
 * it is judged by its state alone (running, or exited 0), and one that crashes a second after `up`
 * would otherwise be seen "running" whenever the checked services got healthy first.
 */
export const UNCHECKED_GRACE_MS = 5_000

/** The health run's bounds, from the inputs. */
export function healthBounds(options: DeployOptions, timeoutMs?: number): RunHealthOptions {
  return {
    timeoutMs: timeoutMs ?? options.timeout ?? DEFAULTS.timeoutMs,
    attempts: options.attempts,
    perAttemptTimeoutMs: options['attempt-timeout'] ?? DEFAULTS.attemptTimeoutMs,
    backoff: {
      initialMs: options['backoff-initial'] ?? DEFAULTS.backoffInitialMs,
      maxMs: options['backoff-max'] ?? DEFAULTS.backoffMaxMs,
    },
  }
}

/**
 * Waits for every check at once. With a compose project, its containers are watched meanwhile: a
 * service that exits non-zero or restart-loops fails at once, exec and HEALTHCHECK go through it.
 */
export async function stackHealth(
  checks: HealthCheckSpec[],
  bounds: RunHealthOptions,
  ctx: EngineContext,
  project?: ComposeProject,
  /** Keep watching at least this long (bounded by the timeout): see UNCHECKED_GRACE_MS. */
  graceMs = 0,
): Promise<{ health: ServiceHealth[]; watch?: ContainerWatch }> {
  const onAttempt: RunHealthOptions['onAttempt'] = (e) => {
    if (e.outcome !== 'pending') ctx.logger.info(`${e.name}: attempt ${e.attempt}: ${e.message}`)
  }
  const base: RunHealthOptions = { ...bounds, signal: ctx.signal, secrets: ctx.secrets, onAttempt }
  if (!project) return { health: await runHealthChecks(checks, base) }
  const watch = new ContainerWatch(project, ctx.logger)
  const since = performance.now()
  await watch.start()
  try {
    const health = await runHealthChecks(checks, { ...base, ...healthHooks(project, watch) })
    const left = Math.min(graceMs, bounds.timeoutMs ?? graceMs) - (performance.now() - since)
    if (left > 0) await sleep(left, ctx.signal)
    await watch.refresh()
    return { health, watch }
  } finally {
    await watch.stop()
  }
}
