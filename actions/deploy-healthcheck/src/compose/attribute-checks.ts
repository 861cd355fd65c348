import type { HealthCheckSpec } from '../health/index.ts'
import type { ServiceModel } from './compose-file.ts'

const DEFAULT_PORTS: Record<string, number> = {
  'http:': 80,
  'https:': 443,
  'postgres:': 5432,
  'postgresql:': 5432,
  'redis:': 6379,
  'rediss:': 6379,
}

function portOf(check: HealthCheckSpec): number | undefined {
  if (check.kind === 'tcp') return check.port
  if (check.kind === 'postgres' && check.url === undefined) return check.port ?? 5432
  if ('url' in check && typeof check.url === 'string') {
    const url = new URL(check.url)
    return url.port ? Number(url.port) : DEFAULT_PORTS[url.protocol]
  }
  return undefined
}

/**
 * Ties a check that names no service (`--check URL`) to the service it reaches, so that service
 * dying fails the check at once: the one service publishing its port, else the stack's only service.
 * Anything less certain is left alone — a wrong tie would fail a healthy check.
 */
export function attributeChecks(checks: HealthCheckSpec[], services: ServiceModel[]): HealthCheckSpec[] {
  return checks.map((check) => {
    if (check.service !== undefined || check.kind === 'command' || check.kind === 'container') return check
    const port = portOf(check)
    const publishing = services.filter((s) => s.ports.some((p) => p.port === port))
    if (publishing.length === 1) return { ...check, service: publishing[0]?.name as string }
    if (services.length === 1 && publishing.length === 0)
      return { ...check, service: services[0]?.name as string }
    return check
  })
}
