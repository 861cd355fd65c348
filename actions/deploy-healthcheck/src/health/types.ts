import type { SecretRegistry } from '@postflight/core'
import type { HealthCheckKind } from './spec.ts'

/** What the last attempt got back: an HTTP or exit status, a trimmed and redacted body, or the error. */
export interface LastResponse {
  status?: number | string
  body?: string
  error?: string
}

/** The outcome of one check. `dead`: its service's container exited or restart-loops. */
export interface ServiceHealth {
  name: string
  service?: string
  kind: HealthCheckKind
  status: 'healthy' | 'unhealthy' | 'dead' | 'cancelled'
  /** Attempts that reached the service (refused connections while it starts are not attempts). */
  attempts: number
  /** From the start of the run to the answer that passed. */
  timeToHealthyMs?: number
  /** How long the last answer took. */
  responseTimeMs?: number
  lastResponse?: LastResponse
  /** Where the check points, with any password replaced by ***. */
  healthCheckUrl?: string
  message: string
}

export interface ExecResult {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs argv inside a service's container (the engine's `exec`), bounded by the options. */
export type ExecFn = (
  target: string,
  argv: string[],
  options: { signal: AbortSignal; timeoutMs: number },
) => Promise<ExecResult>

/** A container's own HEALTHCHECK status from inspect; `none` when its image declares no HEALTHCHECK. */
export interface ContainerHealthState {
  status: 'starting' | 'healthy' | 'unhealthy' | 'none'
  /** The last health log output, if any. */
  log?: string
}

export type ContainerHealthFn = (
  service: string,
  options: { signal: AbortSignal },
) => Promise<ContainerHealthState>

/** One attempt or poll of one check, for progress logs. */
export interface AttemptEvent {
  name: string
  kind: HealthCheckKind
  /** `pending`: nothing answered yet (not counted as an attempt); `bad`: an attempt got a wrong answer. */
  outcome: 'healthy' | 'bad' | 'pending'
  attempt: number
  message: string
  /** The wait before the next attempt, after a bad answer. */
  nextDelayMs?: number
}

export interface RunHealthOptions {
  /** Overall bound on the whole run. Default 300 s. */
  timeoutMs?: number
  /** Attempts that reach the service before a check fails. Default 5. */
  attempts?: number
  /** Waits between attempts that got a bad answer: exponential, full jitter above initialMs / 2 (healthBackoffMs). Default 1 s → 30 s. */
  backoff?: { initialMs?: number; maxMs?: number; random?: () => number }
  /** Bound on one attempt. Default 30 s. */
  perAttemptTimeoutMs?: number
  /** How often a port that refuses is tried again. Default 100 ms. */
  pollMs?: number
  /** How often `serviceDead` is asked, at most. Default 1 s. */
  deadCheckMs?: number
  signal?: AbortSignal
  /** A reason when the service's container exited non-zero or restart-loops: its checks fail at once. */
  serviceDead?: (service: string) => Promise<string | undefined>
  exec?: ExecFn
  containerHealth?: ContainerHealthFn
  onAttempt?: (event: AttemptEvent) => void
  /** Passwords from the checks are added here; bodies and messages are redacted with it. */
  secrets?: SecretRegistry
}

/** What a probe makes of one try. */
export type ProbeOutcome =
  | { state: 'ok'; message: string; response?: LastResponse; responseTimeMs?: number }
  /** Reached the service, which answered wrongly: an attempt, followed by backoff (or its Retry-After). */
  | { state: 'bad'; message: string; response?: LastResponse; responseTimeMs?: number; retryAfterMs?: number }
  /** A wrong answer that no retry can change (no HEALTHCHECK declared): the check fails now. */
  | { state: 'fatal'; message: string; response?: LastResponse }
  /** Nothing answered yet (refused, not listening, still starting): polled again cheaply. */
  | { state: 'pending'; message: string; retryInMs?: number }

export interface ProbeContext {
  signal: AbortSignal
  timeoutMs: number
  exec?: ExecFn
  containerHealth?: ContainerHealthFn
  redact: (text: string) => string
}
