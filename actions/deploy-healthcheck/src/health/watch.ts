import { seconds, sleep, tryOnce } from './attempt.ts'
import { healthBackoffMs } from './backoff.ts'
import type { Probe } from './probe.ts'
import type { HealthCheckSpec } from './spec.ts'
import type { AttemptEvent, LastResponse, ProbeOutcome, RunHealthOptions, ServiceHealth } from './types.ts'

/** The settled options of one run, shared by every check. */
export interface WatchEnv {
  startedAt: number
  deadline: number
  attempts: number
  perAttemptTimeoutMs: number
  pollMs: number
  deadCheckMs: number
  backoff: { initialMs: number; maxMs: number; random: () => number }
  signal: AbortSignal
  redact: (text: string) => string
  options: RunHealthOptions
}

function plural(attempts: number): string {
  return attempts === 1 ? '1 attempt' : `${attempts} attempts`
}

/**
 * Tries one check until it passes, its service is reported dead, it runs out of attempts, or the run's
 * deadline passes. Two paces: while nothing answers (refused, not listening) it polls every `pollMs`
 * without counting attempts, so a service is seen within a poll of coming up; once the service answers
 * wrongly, each answer is an attempt and the next waits an exponential, jittered backoff (healthBackoffMs).
 */
export async function watchCheck(
  check: HealthCheckSpec & { name: string },
  probe: Probe,
  env: WatchEnv,
  healthCheckUrl: string | undefined,
): Promise<ServiceHealth> {
  const maxAttempts = check.attempts ?? env.attempts
  const perAttempt = check.timeout ?? env.perAttemptTimeoutMs
  const service = check.service ?? (check.kind === 'command' ? check.container : undefined)
  let attempts = 0
  let last: ProbeOutcome | undefined
  let lastResponse: LastResponse | undefined
  let responseTimeMs: number | undefined
  let lastDeadCheck = Number.NEGATIVE_INFINITY

  const result = (
    status: ServiceHealth['status'],
    message: string,
    extra: Partial<ServiceHealth> = {},
  ): ServiceHealth => ({
    name: check.name,
    ...(service === undefined ? {} : { service }),
    kind: check.kind,
    status,
    attempts,
    ...(responseTimeMs === undefined ? {} : { responseTimeMs }),
    ...(lastResponse === undefined ? {} : { lastResponse }),
    ...(healthCheckUrl === undefined ? {} : { healthCheckUrl }),
    message: env.redact(message),
    ...extra,
  })
  const emit = (outcome: AttemptEvent['outcome'], message: string, nextDelayMs?: number): void =>
    env.options.onAttempt?.({
      name: check.name,
      kind: check.kind,
      outcome,
      attempt: attempts,
      message: env.redact(message),
      ...(nextDelayMs === undefined ? {} : { nextDelayMs }),
    })
  const cancelled = (): ServiceHealth =>
    result('cancelled', `cancelled after ${seconds(performance.now() - env.startedAt)}`)

  const dead = (reason: string): ServiceHealth => result('dead', `service ${service} ${reason}`)
  // Asked at most every deadCheckMs, also while waiting between attempts: a backoff can last 30 s.
  const deadReason = async (): Promise<string | undefined> => {
    if (service === undefined || env.options.serviceDead === undefined) return undefined
    const now = performance.now()
    if (now - lastDeadCheck < env.deadCheckMs) return undefined
    lastDeadCheck = now
    return env.options.serviceDead(service).catch(() => undefined)
  }
  /** Waits up to `ms` (never past the deadline); returns early with the reason when the service dies. */
  const pause = async (ms: number): Promise<string | undefined> => {
    const until = performance.now() + Math.min(ms, env.deadline - performance.now())
    for (;;) {
      const left = until - performance.now()
      if (left <= 0 || env.signal.aborted) return undefined
      await sleep(Math.min(left, env.deadCheckMs), env.signal)
      const reason = await deadReason()
      if (reason !== undefined) return reason
    }
  }

  for (;;) {
    if (env.signal.aborted) return cancelled()
    const now = performance.now()
    if (now >= env.deadline) {
      const why = last === undefined ? '' : `: ${last.message}`
      return result(
        'unhealthy',
        `not healthy within ${seconds(env.deadline - env.startedAt)}${attempts === 0 ? '' : ` (${plural(attempts)})`}${why}`,
      )
    }
    const died = await deadReason()
    if (died !== undefined) return dead(died)
    if (env.signal.aborted) return cancelled()

    const timeoutMs = Math.max(1, Math.ceil(Math.min(perAttempt, env.deadline - performance.now())))
    const { outcome, cut } = await tryOnce(probe, env, timeoutMs)
    if (env.signal.aborted) return cancelled()
    // An attempt cut short by the overall deadline says nothing about the service: the answer before it
    // stays the last one reported.
    if (cut && outcome.state !== 'ok' && performance.now() >= env.deadline && last !== undefined) continue
    last = outcome

    if (outcome.state === 'pending') {
      emit('pending', outcome.message)
      const diedPolling = await pause(outcome.retryInMs ?? env.pollMs)
      if (diedPolling !== undefined) return dead(diedPolling)
      continue
    }
    attempts++
    if (outcome.response !== undefined) lastResponse = outcome.response
    if ('responseTimeMs' in outcome && outcome.responseTimeMs !== undefined)
      responseTimeMs = outcome.responseTimeMs
    if (outcome.state === 'ok') {
      emit('healthy', outcome.message)
      const timeToHealthyMs = Math.round(performance.now() - env.startedAt)
      const tries = attempts === 1 ? '' : ` on attempt ${attempts}`
      return result('healthy', `healthy after ${seconds(timeToHealthyMs)}${tries}: ${outcome.message}`, {
        timeToHealthyMs,
      })
    }
    if (outcome.state === 'fatal') {
      emit('bad', outcome.message)
      return result('unhealthy', outcome.message)
    }
    if (attempts >= maxAttempts) {
      emit('bad', outcome.message)
      return result('unhealthy', `unhealthy after ${plural(attempts)}: ${outcome.message}`)
    }
    const delay =
      outcome.retryAfterMs !== undefined
        ? Math.min(outcome.retryAfterMs, env.backoff.maxMs)
        : healthBackoffMs(attempts, env.backoff)
    emit('bad', outcome.message, delay)
    const diedWaiting = await pause(delay)
    if (diedWaiting !== undefined) return dead(diedWaiting)
  }
}
