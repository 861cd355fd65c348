import type { CheckOutcome, EngineContext } from '@postflight/core'
import type { ContainerInfo } from './compose/inspect.ts'
import type { ComposeProject } from './compose/project.ts'
import type { HealthCheckSpec, RunHealthOptions } from './health/index.ts'
import { killContainerProcess } from './kill-container-process.ts'
import { stackHealth } from './stack-health.ts'

export type ChaosKind = 'restart' | 'kill'

interface Chaos {
  project: ComposeProject
  service: string
  checks: HealthCheckSpec[]
  bounds: RunHealthOptions
  recoveryMs: number
  ctx: EngineContext
}

const POLL_MS = 250
/** Bound on one inspect of the service while it is killed and watched. */
const INSPECT_TIMEOUT_MS = 15_000

/**
 * Chaos, opt-in: once the stack is healthy, `restart` restarts one service through compose; `kill`
 * kills its containers' main processes as a crash would, leaving the recovery to their restart
 * policy. Either way every health check of the service must pass again within `recoveryMs`. The
 * outcome is the `chaos:<service>` check.
 */
export function chaos(kind: ChaosKind, c: Chaos): Promise<CheckOutcome> {
  return kind === 'kill' ? chaosKill(c) : chaosRestart(c)
}

async function chaosRestart(c: Chaos): Promise<CheckOutcome> {
  const started = performance.now()
  const r = await c.project.compose(['restart', '-t', '5', c.service], {
    signal: c.ctx.signal,
    timeoutMs: 120_000,
  })
  if (r.exitCode !== 0) {
    return {
      status: 'error',
      message: `could not restart ${c.service}: exit ${r.exitCode}: ${r.stderr.trim().slice(-300)}`,
    }
  }
  return recovered(c, started, 'restarted', 'a restart')
}

/**
 * SIGKILL to each running container's main process, from this host. Not `docker kill` / `podman
 * kill`: both mark the container as stopped by hand, and then no restart policy brings it back
 * (seen with Docker 20.10 and podman 4.3: `restart: always`, killed, stays exited 137). A process
 * killed from outside is a crash, which the policy answers, as it would an OOM kill.
 */
async function chaosKill(c: Chaos): Promise<CheckOutcome> {
  const { project, service, ctx } = c
  const inspect = { signal: ctx.signal, byLabel: true, timeoutMs: INSPECT_TIMEOUT_MS }
  const before = (await project.containers(inspect)).filter(
    (x) => x.service === service && x.running && x.pid > 0,
  )
  if (before.length === 0) return { status: 'error', message: `${service} has no running container to kill` }
  const started = performance.now()
  for (const x of before) {
    const refused = await killContainerProcess(x, ctx.signal)
    if (refused) {
      return {
        status: 'error',
        message: `could not kill ${x.name}'s main process (pid ${x.pid}) from this host: ${refused}; chaos: kill needs the container engine on this Linux host, and root (or passwordless sudo) for a rootful one; chaos: restart works anywhere`,
      }
    }
  }
  ctx.logger.info(`killed ${before.map((x) => `${x.name} (pid ${x.pid})`).join(', ')}`)
  const noPolicy = before.filter((x) => x.restartPolicy === '' || x.restartPolicy === 'no')
  const deadline = started + c.recoveryMs
  const pause = () => new Promise((r) => setTimeout(r, POLL_MS))
  for (; ; await pause()) {
    ctx.signal.throwIfAborted()
    // A failed inspect says nothing about the containers: asked again at the next poll, within the bound.
    const now = await project.containers(inspect).catch(() => undefined)
    if (!now) {
      if (performance.now() > deadline)
        return { status: 'error', message: `could not inspect ${service} after killing it` }
      continue
    }
    const state = before.map((x) => ({ x, now: now.find((n) => n.id === x.id) }))
    // Docker reports Running true while a container waits to be restarted (Restarting true too).
    const back = ({ x, now }: { x: ContainerInfo; now: ContainerInfo | undefined }): boolean =>
      now?.running === true && !now.restarting && now.restartCount > x.restartCount
    const down = state.filter((s) => !s.now?.running && !s.now?.restarting)
    const stranded = down.filter((s) => noPolicy.includes(s.x))
    if (stranded.length > 0) {
      return {
        status: 'fail',
        message: `${service} was killed and cannot recover: ${stranded.map((s) => s.x.name).join(', ')} has no restart policy (restart: ${stranded[0]?.x.restartPolicy || 'no'}), so nothing starts it again; give the service restart: on-failure, unless-stopped or always`,
        evidence: {
          service,
          killed: before.map((x) => x.name),
          restartPolicy: stranded[0]?.x.restartPolicy || 'no',
        },
      }
    }
    if (state.every(back)) break
    if (performance.now() > deadline) {
      return {
        status: 'fail',
        message: `${service} was killed and its restart policy (${before.map((x) => x.restartPolicy).join(', ')}) did not bring it back within ${c.recoveryMs} ms`,
        evidence: { service, killed: before.map((x) => x.name), recoveryMs: c.recoveryMs },
      }
    }
  }
  return recovered(c, started, 'killed', 'being killed')
}

/** Waits for the service's health checks after the chaos, within what is left of `recoveryMs`. */
async function recovered(c: Chaos, started: number, did: string, what: string): Promise<CheckOutcome> {
  const mine = c.checks.filter((x) => x.service === c.service)
  if (mine.length === 0) {
    return {
      status: 'warn',
      message: `${c.service} ${did}, but no health check watches it: recovery is unproven`,
    }
  }
  const left = Math.max(1000, c.recoveryMs - (performance.now() - started))
  const { health } = await stackHealth(mine, { ...c.bounds, timeoutMs: left }, c.ctx, c.project)
  const ms = Math.round(performance.now() - started)
  const bad = health.filter((h) => h.status !== 'healthy')
  const evidence = {
    service: c.service,
    recoveryMs: c.recoveryMs,
    checks: health.map((h) => ({ name: h.name, status: h.status, message: h.message })),
  }
  if (bad.length === 0)
    return { status: 'pass', message: `${c.service} was ${did} and recovered in ${ms} ms`, evidence }
  return {
    status: 'fail',
    message: `${c.service} did not recover within ${c.recoveryMs} ms of ${what}: ${bad.map((h) => `${h.name}: ${h.message}`).join('; ')}`,
    evidence,
  }
}
