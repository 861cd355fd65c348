import { PostflightError, SecretRegistry } from '@postflight/core'
import { nameChecks } from './names.ts'
import { healthCheckUrl, prepareProbe, secretsOf } from './probe.ts'
import type { HealthCheckSpec } from './spec.ts'
import type { RunHealthOptions, ServiceHealth } from './types.ts'
import { watchCheck } from './watch.ts'

export const HEALTH_DEFAULTS = {
  timeoutMs: 300_000,
  attempts: 5,
  initialMs: 1_000,
  maxMs: 30_000,
  perAttemptTimeoutMs: 30_000,
  pollMs: 100,
  deadCheckMs: 1_000,
} as const

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new PostflightError(
      'BAD_INPUT',
      `runHealthChecks: ${name} must be a positive number; got ${value}.`,
      { field: name },
    )
  }
  return value
}

/**
 * Runs every check at once until each is healthy, unhealthy, dead or cancelled, and returns one
 * result per check in the order given. Throws BAD_INPUT/BAD_CONFIG before anything runs when a check
 * cannot be made; a service that never gets healthy is a result, never a throw.
 */
export async function runHealthChecks(
  checks: HealthCheckSpec[],
  options: RunHealthOptions = {},
): Promise<ServiceHealth[]> {
  const named = nameChecks(checks) as Array<HealthCheckSpec & { name: string }>
  const secrets = options.secrets ?? new SecretRegistry()
  for (const check of named) for (const secret of secretsOf(check)) secrets.add(secret)
  const probes = await Promise.all(named.map((check) => prepareProbe(check, options)))
  const startedAt = performance.now()
  const env = {
    startedAt,
    deadline: startedAt + positive('timeoutMs', options.timeoutMs ?? HEALTH_DEFAULTS.timeoutMs),
    attempts: positive('attempts', options.attempts ?? HEALTH_DEFAULTS.attempts),
    perAttemptTimeoutMs: positive(
      'perAttemptTimeoutMs',
      options.perAttemptTimeoutMs ?? HEALTH_DEFAULTS.perAttemptTimeoutMs,
    ),
    pollMs: positive('pollMs', options.pollMs ?? HEALTH_DEFAULTS.pollMs),
    deadCheckMs: options.deadCheckMs ?? HEALTH_DEFAULTS.deadCheckMs,
    backoff: {
      initialMs: options.backoff?.initialMs ?? HEALTH_DEFAULTS.initialMs,
      maxMs: options.backoff?.maxMs ?? HEALTH_DEFAULTS.maxMs,
      random: options.backoff?.random ?? Math.random,
    },
    signal: options.signal ?? new AbortController().signal,
    redact: (text: string) => secrets.redact(text),
    options,
  }
  return Promise.all(
    named.map((check, i) =>
      watchCheck(check, probes[i] as (typeof probes)[number], env, healthCheckUrl(check)),
    ),
  )
}
