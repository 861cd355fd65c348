import type { Check } from '@postflight/core'
import { describe, expect, it } from 'vitest'
import { serviceUrls } from '../functional/functional-phase.ts'
import type { ServiceHealth } from '../health/index.ts'
import { healthCheck } from '../health-checks.ts'
import { deploymentReport, type ReportParts } from '../report/deployment-report.ts'

const healthy: ServiceHealth = {
  name: 'api',
  service: 'api',
  kind: 'http',
  status: 'healthy',
  attempts: 2,
  timeToHealthyMs: 1200,
  responseTimeMs: 8,
  healthCheckUrl: 'http://localhost:8080/healthz',
  lastResponse: { status: 200, body: 'ok' },
  message: 'healthy after 1.2 s',
}
const check = (id: string, status: Check['status'], message = ''): Check => ({
  id,
  title: id,
  status,
  message,
  durationMs: 5,
})

const parts = (over: Partial<ReportParts>): ReportParts => ({
  id: 'deploy_20261126_130405_a1b2c3',
  startedAt: new Date(Date.now() - 2500),
  health: [healthy],
  checks: [check('deploy:up', 'pass'), check('health:api', 'pass')],
  containers: { total: 2, running: 2, restarts: 0 },
  stats: [{ name: 'shop_api_1', cpuPercent: 1.5, memoryBytes: 1024, memoryPercent: 0.1 }],
  rootless: false,
  ...over,
})

describe('deploymentReport', () => {
  it('has the seed report fields, one row per service', () => {
    const report = deploymentReport(
      parts({ checks: [check('deploy:up', 'pass'), check('functional:signup', 'pass', 'exit 0')] }),
    )
    expect(report).toMatchObject({
      deployment_id: 'deploy_20261126_130405_a1b2c3',
      status: 'success',
      services: {
        api: {
          status: 'healthy',
          response_time_ms: 8,
          health_check_url: 'http://localhost:8080/healthz',
          attempts: 2,
        },
      },
      functional_tests: [{ name: 'signup', status: 'pass', duration_ms: 5, message: 'exit 0' }],
      container_metrics: {
        containers_total: 2,
        containers_running: 2,
        restarts: 0,
        containers: { shop_api_1: { cpu_percent: 1.5 } },
      },
      security_validation: { rootless_engine: false, passed: 0, failures: 0 },
    })
    expect(report.duration_seconds).toBeGreaterThanOrEqual(2.5)
    expect(Date.parse(report.timestamp)).not.toBeNaN()
  })

  it("shows a service's worst check", () => {
    const dead: ServiceHealth = {
      ...healthy,
      name: 'api-tcp',
      kind: 'tcp',
      status: 'dead',
      message: 'exited with code 1',
    }
    expect(deploymentReport(parts({ health: [healthy, dead] })).services.api?.status).toBe('dead')
    expect(deploymentReport(parts({ health: [dead, healthy] })).services.api?.status).toBe('dead')
  })

  it('is failed when a check failed, rolled_back when the rollback then succeeded', () => {
    const failing = [check('health:api', 'fail'), check('rollback', 'pass')]
    expect(deploymentReport(parts({ checks: failing })).status).toBe('failed')
    const rollback = { attempted: true, succeeded: true, message: 'rolled back' }
    expect(deploymentReport(parts({ checks: failing, rollback })).status).toBe('rolled_back')
  })

  it('lists the security findings that did not pass, by id', () => {
    const report = deploymentReport(
      parts({
        checks: [
          check('security:privileged:api', 'fail', 'privileged'),
          check('security:non-root:api', 'pass'),
        ],
      }),
    )
    expect(report.security_validation).toMatchObject({
      passed: 1,
      failures: 1,
      findings: [{ id: 'security:privileged:api', status: 'fail' }],
    })
  })
})

describe('healthCheck', () => {
  it.each([
    ['healthy', 'pass'],
    ['unhealthy', 'fail'],
    ['dead', 'fail'],
    ['cancelled', 'error'],
  ] as const)('records a %s check as %s with what the service answered', (status, expected) => {
    const c = healthCheck({ ...healthy, status })
    expect(c).toMatchObject({ id: 'health:api', status: expected, attempts: 2 })
    expect(c.evidence).toMatchObject({ url: 'http://localhost:8080/healthz', lastResponse: { status: 200 } })
  })

  it('leaves attempts out when nothing was reached (a check result needs a positive count)', () => {
    expect(healthCheck({ ...healthy, attempts: 0 }).attempts).toBeUndefined()
  })
})

describe('serviceUrls', () => {
  it("takes a service's HTTP check URL, else its first published port on loopback", () => {
    const services = [
      { name: 'api', ports: [{ host: '0.0.0.0', port: 8080 }], healthcheck: false },
      { name: 'admin', ports: [{ host: '::', port: 9000 }], healthcheck: false },
      { name: 'db', ports: [{ host: '127.0.0.1', port: 5432 }], healthcheck: false },
      { name: 'worker', ports: [], healthcheck: false },
    ]
    expect(serviceUrls([healthy], services)).toEqual({
      api: 'http://localhost:8080/healthz',
      admin: 'http://[::1]:9000',
      db: 'http://127.0.0.1:5432',
    })
  })

  it('never hands a functional check a URL with the redacted password in it', () => {
    const withAuth = { ...healthy, healthCheckUrl: 'http://user:***@localhost:8080/healthz' }
    expect(serviceUrls([withAuth], [])).toEqual({ api: 'http://localhost:8080/healthz' })
  })
})
