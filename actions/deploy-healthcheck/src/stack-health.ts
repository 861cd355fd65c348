import type { EngineContext } from '@postflight/core'
import { healthHooks } from './compose/hooks.ts'
import type { ComposeProject } from './compose/project.ts'
import { ContainerWatch } from './compose/watch.ts'
import {
  type HealthCheckSpec,
  type RunHealthOptions,
  runHealthChecks,
  type ServiceHealth,
} from './health/index.ts'
import { DEFAULTS, type DeployOptions } from './inputs.ts'

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
): Promise<{ health: ServiceHealth[]; watch?: ContainerWatch }> {
  const onAttempt: RunHealthOptions['onAttempt'] = (e) => {
    if (e.outcome !== 'pending') ctx.logger.info(`${e.name}: attempt ${e.attempt}: ${e.message}`)
  }
  const base: RunHealthOptions = { ...bounds, signal: ctx.signal, secrets: ctx.secrets, onAttempt }
  if (!project) return { health: await runHealthChecks(checks, base) }
  const watch = new ContainerWatch(project, ctx.logger)
  await watch.start()
  try {
    const health = await runHealthChecks(checks, { ...base, ...healthHooks(project, watch) })
    await watch.refresh()
    return { health, watch }
  } finally {
    await watch.stop()
  }
}
