import { describeError, type Logger } from '@postflight/core'
import type { ContainerInfo } from './inspect.ts'
import type { ComposeProject } from './project.ts'

/** Beyond a healthcheck's own timeout, what `podman healthcheck run` may take to start and report. */
const HEALTHCHECK_SLACK_MS = 10_000

/**
 * Watches a project's containers while its health checks run, so a service that crashes or
 * restart-loops fails at once instead of waiting out the timeout. Inspect is polled (cheap, ~20 ms)
 * rather than streamed from `docker events`, which podman-compose and compose v1 do not filter
 * by project the same way.
 */
export class ContainerWatch {
  readonly #project: ComposeProject
  readonly #logger: Logger
  readonly #intervalMs: number
  #byService = new Map<string, ContainerInfo[]>()
  readonly #baseline = new Map<string, number>()
  #timer: NodeJS.Timeout | undefined
  #polling: Promise<void> | undefined
  /** Aborted by `stop`: ends the poll and the healthchecks still running, so stopping is prompt. */
  readonly #stopped = new AbortController()

  constructor(project: ComposeProject, logger: Logger, intervalMs = 500) {
    this.#project = project
    this.#logger = logger
    this.#intervalMs = intervalMs
  }

  /** Takes the first snapshot (restart counts so far are the baseline), then polls until `stop`. */
  async start(): Promise<void> {
    await this.refresh()
    for (const list of this.#byService.values())
      for (const c of list) if (!this.#baseline.has(c.id)) this.#baseline.set(c.id, c.restartCount)
    this.#timer = setInterval(() => {
      this.#polling ??= this.refresh().finally(() => {
        this.#polling = undefined
      })
    }, this.#intervalMs)
    this.#timer.unref()
  }

  /** Ends the polling and any healthcheck run still going; the last snapshot stays readable, refresh does nothing. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer)
    this.#timer = undefined
    this.#stopped.abort(new Error('the container watch stopped'))
    await this.#polling
    await Promise.all(this.#healthchecks.values())
  }

  async refresh(): Promise<void> {
    try {
      const byService = new Map<string, ContainerInfo[]>()
      const containers = await this.#project.containers({
        timeoutMs: 15_000,
        byLabel: true,
        signal: this.#stopped.signal,
      })
      for (const c of containers) {
        byService.set(c.service, [...(byService.get(c.service) ?? []), c])
      }
      this.#byService = byService
      if (this.#project.cli.containers === 'podman' && !this.#stopped.signal.aborted)
        this.#runPodmanHealthchecks(containers)
    } catch (err) {
      // A poll ended by stop is no news; any other failure is asked again at the next poll.
      if (!this.#stopped.signal.aborted)
        this.#logger.debug(`could not inspect the containers: ${describeError(err)}`)
    }
  }

  readonly #lastHealthcheck = new Map<string, number>()
  readonly #healthchecks = new Map<string, Promise<void>>()

  /**
   * podman schedules HEALTHCHECKs through systemd timers; without systemd (a container, a CI runner
   * without a user session) they never run and the status stays `starting` for ever (seen with podman
   * 4.3: `unable to get systemd connection to start healthchecks`). So until a container is healthy the
   * watch runs its healthcheck itself with `podman healthcheck run`, once per the container's own
   * interval as docker's daemon would, in the background of the polling, each bounded by its own
   * timeout (Config.Healthcheck.Timeout) and ended by `stop`.
   */
  #runPodmanHealthchecks(containers: ContainerInfo[]): void {
    const now = performance.now()
    for (const c of containers) {
      if (!c.running || c.health === undefined || c.health === 'healthy' || this.#healthchecks.has(c.id))
        continue
      const last = this.#lastHealthcheck.get(c.id)
      if (last === undefined) this.#lastHealthcheck.set(c.id, now)
      if (last === undefined || now - last < c.healthIntervalMs) continue
      this.#lastHealthcheck.set(c.id, now)
      const run = this.#project
        .containerCli(['healthcheck', 'run', c.id], {
          timeoutMs: c.healthTimeoutMs + HEALTHCHECK_SLACK_MS,
          signal: this.#stopped.signal,
        })
        .then((r) => {
          // Exit 1 is an unhealthy answer, recorded in inspect like any other: only a failure to run is logged.
          if (r.exitCode !== 0 && r.exitCode !== 1)
            this.#logger.debug(`podman healthcheck run ${c.name}: exit ${r.exitCode}: ${r.stderr.trim()}`)
        })
        .catch((err: unknown) => {
          if (!this.#stopped.signal.aborted)
            this.#logger.debug(`podman healthcheck run ${c.name}: ${describeError(err)}`)
        })
        .finally(() => this.#healthchecks.delete(c.id))
      this.#healthchecks.set(c.id, run)
    }
  }

  containersOf(service: string): ContainerInfo[] {
    return this.#byService.get(service) ?? []
  }

  /** Why a service can never become healthy (exited non-zero, restarting, restarted), or undefined. */
  deadReason(service: string): string | undefined {
    for (const c of this.containersOf(service)) {
      const restarts = c.restartCount - (this.#baseline.get(c.id) ?? 0)
      if (c.restarting) return `${c.name} is restarting (restarted ${c.restartCount} times): a crash loop`
      if (restarts > 0)
        return `${c.name} restarted ${restarts} time${restarts === 1 ? '' : 's'} while starting`
      if (c.status === 'dead') return `${c.name} is dead`
      if (c.status === 'exited' && c.exitCode !== 0) return `${c.name} exited with code ${c.exitCode}`
    }
    return undefined
  }

  /**
   * The service's HEALTHCHECK status from inspect; `none` when its image declares none. A one-shot
   * job that exited 0 is healthy: it did its work (`up --wait` hangs on those).
   */
  health(service: string): { status: 'starting' | 'healthy' | 'unhealthy' | 'none'; log?: string } {
    const list = this.containersOf(service)
    if (list.length === 0) return { status: 'starting', log: `no container of ${service} yet` }
    if (list.every((c) => c.status === 'exited' && c.exitCode === 0))
      return { status: 'healthy', log: 'one-shot: exited 0' }
    const states = list.map((c) => c.health)
    if (states.includes('unhealthy')) return { status: 'unhealthy' }
    if (states.includes('starting')) return { status: 'starting' }
    if (states.includes('healthy')) return { status: 'healthy' }
    return { status: 'none' }
  }

  /** A running container of the service, to exec into. */
  runningContainer(service: string): ContainerInfo | undefined {
    return this.containersOf(service).find((c) => c.running)
  }

  /** Everything seen at the last poll. */
  all(): ContainerInfo[] {
    return [...this.#byService.values()].flat()
  }
}
