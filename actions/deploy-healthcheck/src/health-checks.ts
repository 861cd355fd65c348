import type { CheckInput } from '@postflight/core'
import type { ServiceHealth } from './health/types.ts'

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
