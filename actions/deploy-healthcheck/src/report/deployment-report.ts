import type { Check, CheckInput } from '@postflight/core'
import type { ServiceHealth } from '../health/types.ts'
import type { ContainerStats } from '../metrics/stats.ts'

/** The deployment report (the seed script's JSON), carried as the evidence of the `deployment` check. */
export interface DeploymentReport {
  deployment_id: string
  timestamp: string
  duration_seconds: number
  status: 'success' | 'failed' | 'rolled_back'
  engine?: string
  project?: string
  services: Record<
    string,
    {
      status: ServiceHealth['status']
      response_time_ms: number | null
      health_check_url: string | null
      attempts: number
      time_to_healthy_ms: number | null
    }
  >
  functional_tests: Array<{ name: string; status: string; duration_ms: number; message: string }>
  container_metrics: {
    containers_total: number
    containers_running: number
    restarts: number
    containers: Record<string, { cpu_percent: number; memory_bytes: number; memory_percent: number }>
  }
  security_validation: {
    rootless_engine: boolean | null
    passed: number
    warnings: number
    failures: number
    findings: Array<{ id: string; status: string; severity?: string; message: string }>
  }
  rollback?: { attempted: boolean; succeeded: boolean; message: string }
  logs_dir?: string
}

export interface ReportParts {
  id: string
  startedAt: Date
  engine?: string
  project?: string
  health: ServiceHealth[]
  checks: readonly (Check | CheckInput)[]
  containers: { total: number; running: number; restarts: number }
  stats: ContainerStats[]
  rootless: boolean | null
  rollback?: DeploymentReport['rollback']
  logsDir?: string
}

const failing = (c: { status: string }): boolean => c.status === 'fail' || c.status === 'error'

/** Builds the deployment report from what the run found. A service's row is its worst check. */
export function deploymentReport(parts: ReportParts): DeploymentReport {
  const services: DeploymentReport['services'] = {}
  const order = ['healthy', 'cancelled', 'unhealthy', 'dead']
  for (const h of parts.health) {
    const key = h.service ?? h.name
    const prev = services[key]
    if (prev && order.indexOf(prev.status) >= order.indexOf(h.status)) continue
    services[key] = {
      status: h.status,
      response_time_ms: h.responseTimeMs ?? null,
      health_check_url: h.healthCheckUrl ?? null,
      attempts: h.attempts,
      time_to_healthy_ms: h.timeToHealthyMs ?? null,
    }
  }
  const security = parts.checks.filter((c) => c.id.startsWith('security:'))
  const failed = parts.checks.some((c) => !c.id.startsWith('rollback') && failing(c))
  const status = !failed ? 'success' : parts.rollback?.succeeded ? 'rolled_back' : 'failed'
  const report: DeploymentReport = {
    deployment_id: parts.id,
    timestamp: parts.startedAt.toISOString(),
    duration_seconds: Math.round((Date.now() - parts.startedAt.getTime()) / 100) / 10,
    status,
    services,
    functional_tests: parts.checks
      .filter((c) => c.id.startsWith('functional:'))
      .map((c) => ({
        name: c.id.slice('functional:'.length),
        status: c.status,
        duration_ms: Math.round(c.durationMs ?? 0),
        message: c.message,
      })),
    container_metrics: {
      containers_total: parts.containers.total,
      containers_running: parts.containers.running,
      restarts: parts.containers.restarts,
      containers: Object.fromEntries(
        parts.stats.map((s) => [
          s.name,
          { cpu_percent: s.cpuPercent, memory_bytes: s.memoryBytes, memory_percent: s.memoryPercent },
        ]),
      ),
    },
    security_validation: {
      rootless_engine: parts.rootless,
      passed: security.filter((c) => c.status === 'pass').length,
      warnings: security.filter((c) => c.status === 'warn').length,
      failures: security.filter(failing).length,
      findings: security
        .filter((c) => c.status !== 'pass')
        .map((c) => ({
          id: c.id,
          status: c.status,
          ...(c.severity ? { severity: c.severity } : {}),
          message: c.message,
        })),
    },
  }
  if (parts.engine) report.engine = parts.engine
  if (parts.project) report.project = parts.project
  if (parts.rollback) report.rollback = parts.rollback
  if (parts.logsDir) report.logs_dir = parts.logsDir
  return report
}
