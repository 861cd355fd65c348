import type { CheckInput, SuiteBuilder } from '@postflight/core'
import type { ServiceModel } from './compose/compose-file.ts'
import type { ContainerWatch } from './compose/watch.ts'
import type { HealthCheckSpec, ServiceHealth } from './health/index.ts'

const STATUS = { healthy: 'pass', unhealthy: 'fail', dead: 'fail', cancelled: 'error' } as const

/** One `health:<name>` check per health check run, passes included, with what the service answered. */
export function healthCheck(h: ServiceHealth): CheckInput {
  const evidence: Record<string, unknown> = { kind: h.kind, status: h.status }
  if (h.service) evidence.service = h.service
  if (h.healthCheckUrl) evidence.url = h.healthCheckUrl
  if (h.timeToHealthyMs !== undefined) evidence.timeToHealthyMs = h.timeToHealthyMs
  if (h.responseTimeMs !== undefined) evidence.responseTimeMs = h.responseTimeMs
  if (h.lastResponse) evidence.lastResponse = h.lastResponse
  const who = h.service && h.service !== h.name ? `${h.name} (${h.service})` : h.name
  return {
    id: `health:${h.name}`,
    title: `${who} is healthy`,
    status: STATUS[h.status],
    ...(h.status === 'dead' ? { severity: 'high' as const } : {}),
    message: h.message,
    ...(h.attempts > 0 ? { attempts: h.attempts } : {}),
    ...(h.timeToHealthyMs !== undefined ? { durationMs: h.timeToHealthyMs } : {}),
    evidence,
  }
}

/** Adds a `health:<name>` check and a time-to-healthy metric per health check run. */
export function recordHealth(suite: SuiteBuilder, health: ServiceHealth[]): void {
  for (const h of health) {
    const check = healthCheck(h)
    suite.add({ ...check, id: suite.uniqueId(check.id) })
    if (h.timeToHealthyMs !== undefined) suite.metric(`time-to-healthy:${h.name}`, h.timeToHealthyMs, 'ms')
  }
}

// A service no check watches is still looked at once: running, or a one-shot job that exited 0.
export function uncheckedServices(
  suite: SuiteBuilder,
  services: ServiceModel[],
  checks: HealthCheckSpec[],
  watch: ContainerWatch,
): void {
  const watched = new Set(checks.map((c) => c.service).filter(Boolean))
  for (const s of services) {
    if (watched.has(s.name)) continue
    const list = watch.containersOf(s.name)
    const dead = watch.deadReason(s.name)
    const ok =
      !dead && list.length > 0 && list.every((c) => c.running || (c.status === 'exited' && c.exitCode === 0))
    suite.add({
      id: suite.uniqueId(`health:${s.name}`),
      title: `${s.name} is running`,
      status: ok ? 'pass' : 'fail',
      message: ok
        ? `${list.map((c) => `${c.name} ${c.status}`).join(', ')} (no health check declared for it)`
        : (dead ??
          (list.length === 0
            ? `no container of ${s.name}`
            : list.map((c) => `${c.name} ${c.status}`).join(', '))),
    })
  }
}
