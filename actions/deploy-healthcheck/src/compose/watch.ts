import { describeError, type Logger } from '@postflight/core'
import type { ContainerInfo } from './inspect.ts'
import type { ComposeProject } from './project.ts'

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

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer)
    this.#timer = undefined
    await this.#polling
  }

  async refresh(): Promise<void> {
    try {
      const byService = new Map<string, ContainerInfo[]>()
      for (const c of await this.#project.containers({ timeoutMs: 15_000, byLabel: true })) {
        byService.set(c.service, [...(byService.get(c.service) ?? []), c])
      }
      this.#byService = byService
    } catch (err) {
      this.#logger.debug(`could not inspect the containers: ${describeError(err)}`)
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
