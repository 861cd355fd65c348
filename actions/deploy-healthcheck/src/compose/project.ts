import { PostflightError, type ProcessResult, runProcess, type SecretRegistry } from '@postflight/core'
import type { ComposeCli } from './detect.ts'
import { type ContainerInfo, parseInspect } from './inspect.ts'
import { parsePsJson } from './ps-json.ts'

/**
 * The label every compose implementation puts on what it creates for a project: podman-compose 1.0.3
 * puts it (beside its own io.podman.compose.project) on containers, networks and volumes too.
 */
export const PROJECT_LABEL = 'com.docker.compose.project'

export interface ProjectOptions {
  cli: ComposeCli
  name: string
  files: string[]
  envFile?: string | undefined
  profiles?: string[] | undefined
  /** Variables for compose's substitution, over this process's environment (a rollback's image tag). */
  env?: Record<string, string> | undefined
  secrets: SecretRegistry
}

/** What `leftovers` finds of a project. */
export interface Leftovers {
  containers: string[]
  networks: string[]
  volumes: string[]
  pods: string[]
}

export interface RunOptions {
  timeoutMs?: number
  /** Omitted for cleanup, which must still run after a cancellation. */
  signal?: AbortSignal | undefined
}

const DEFAULT_TIMEOUT_MS = 120_000

/**
 * One compose project driven through its CLI, always with argument arrays (no shell): up, down, the
 * containers it has, and the container CLI beside it for inspect, logs, exec, restart and stats.
 */
export class ComposeProject {
  readonly cli: ComposeCli
  readonly name: string
  readonly files: string[]
  readonly #base: string[]
  readonly #secrets: SecretRegistry
  readonly #env: NodeJS.ProcessEnv | undefined

  constructor(options: ProjectOptions) {
    this.cli = options.cli
    this.name = options.name
    this.files = options.files
    this.#secrets = options.secrets
    this.#env = options.env ? { ...process.env, ...options.env } : undefined
    this.#base = ['-p', options.name, ...options.files.flatMap((f) => ['-f', f])]
    if (options.envFile) this.#base.push('--env-file', options.envFile)
    for (const p of options.profiles ?? []) this.#base.push('--profile', p)
  }

  /** Runs `compose <args>` for this project. */
  compose(args: string[], options: RunOptions = {}): Promise<ProcessResult> {
    return this.#run(this.cli.command, [...this.cli.prefix, ...this.#base, ...args], options)
  }

  /** Runs the container CLI (docker or podman). */
  containerCli(args: string[], options: RunOptions = {}): Promise<ProcessResult> {
    return this.#run(this.cli.containers, args, options)
  }

  #run(command: string, args: string[], options: RunOptions): Promise<ProcessResult> {
    return runProcess(command, args, {
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      ...(options.signal ? { signal: options.signal } : {}),
      secrets: this.#secrets,
      ...(this.#env ? { env: this.#env } : {}),
      killGraceMs: 2000,
    })
  }

  /** `up -d`, building and pulling as asked; v1 has no `--pull`, so it pulls first. */
  async up(
    options: { build: boolean; pull: 'never' | 'missing' | 'always' } & RunOptions,
  ): Promise<ProcessResult> {
    const args = ['up', '-d', '--remove-orphans']
    if (options.build) args.push('--build')
    if (this.cli.jsonPs) args.push('--pull', options.pull)
    else if (options.pull !== 'never') {
      const pulled = await this.compose(['pull'], options)
      if (pulled.exitCode !== 0) return pulled
    }
    const up = await this.compose(args, options)
    return this.#podmanCompose ? withPodmanComposeExit(withoutEchoedRuns(up)) : up
  }

  /** `down -v --remove-orphans`: containers, networks and volumes of the project. */
  async down(options: RunOptions = {}): Promise<ProcessResult> {
    if (!this.#podmanCompose) return this.compose(['down', '-v', '--remove-orphans', '-t', '5'], options)
    // podman-compose 1.0.3's down has no --remove-orphans, removes only the containers of the file's
    // services and never the networks it created: what is left under the project's label is removed here.
    const down = await this.compose(['down', '-v', '-t', '5'], options)
    await this.#removeByLabel(options)
    return down
  }

  async #removeByLabel(options: RunOptions): Promise<void> {
    const filter = ['--filter', `label=${PROJECT_LABEL}=${this.name}`]
    const ids = async (args: string[]): Promise<string[]> =>
      lines((await this.containerCli([...args, ...filter], options)).stdout)
    const containers = await ids(['ps', '-a', '-q'])
    if (containers.length > 0) await this.containerCli(['rm', '-f', '-v', '-t', '5', ...containers], options)
    const networks = await ids(['network', 'ls', '-q'])
    if (networks.length > 0) await this.containerCli(['network', 'rm', ...networks], options)
    const volumes = await ids(['volume', 'ls', '-q'])
    if (volumes.length > 0) await this.containerCli(['volume', 'rm', ...volumes], options)
    // Newer podman-compose runs the services in a pod by default; its down removes it, unless it failed.
    await this.containerCli(['pod', 'rm', '-f', '--ignore', this.#podName], options)
  }

  get #podmanCompose(): boolean {
    return this.cli.name === 'podman-compose'
  }

  /** The ids of the project's containers, stopped ones included. */
  async containerIds(options: RunOptions = {}): Promise<string[]> {
    if (this.cli.jsonPs) {
      const r = await this.compose(['ps', '-a', '--format', 'json'], options)
      ensureOk(r, 'compose ps')
      return parsePsJson(r.stdout).map((row) => row.id)
    }
    // podman-compose 1.0.3 prints the podman command it runs and `exit code: 0` among the ids of `ps -q`
    // (it filters podman's ps by the project label itself): the label is asked directly.
    if (this.#podmanCompose) return this.containerIdsByLabel(options)
    // Compose v1 has no JSON ps; `ps -q` lists every container of the project, stopped ones included.
    const r = await this.compose(['ps', '-q'], options)
    ensureOk(r, 'compose ps')
    return lines(r.stdout)
  }

  /**
   * The ids of the project's containers by its label, from the container CLI: a tenth of the cost of
   * starting compose v1 (a Python program), so the health watch can poll it twice a second.
   */
  async containerIdsByLabel(options: RunOptions = {}): Promise<string[]> {
    const r = await this.containerCli(
      ['ps', '-a', '-q', '--no-trunc', '--filter', `label=${PROJECT_LABEL}=${this.name}`],
      options,
    )
    ensureOk(r, 'ps')
    return lines(r.stdout)
  }

  /** Every container of the project, inspected; `byLabel` lists them the cheap way (see containerIdsByLabel). */
  async containers(options: RunOptions & { byLabel?: boolean } = {}): Promise<ContainerInfo[]> {
    const ids = options.byLabel ? await this.containerIdsByLabel(options) : await this.containerIds(options)
    if (ids.length === 0) return []
    const r = await this.containerCli(['inspect', ...ids], options)
    // A container removed between ps and inspect (a one-shot job with --rm) is simply gone.
    if (r.exitCode !== 0 && r.stdout.trim() === '') return []
    return parseInspect(r.stdout)
  }

  /** What is left of the project, by its label: containers, networks and volumes (and podman-compose's pod). */
  async leftovers(options: RunOptions = {}): Promise<Leftovers> {
    const filter = ['--filter', `label=${PROJECT_LABEL}=${this.name}`]
    const ask = async (args: string[], by = filter): Promise<string[]> => {
      const r = await this.containerCli([...args, ...by], options)
      ensureOk(r, args.join(' '))
      return lines(r.stdout)
    }
    return {
      containers: await ask(['ps', '-a', '--format', '{{.Names}}']),
      networks: await ask(['network', 'ls', '--format', '{{.Name}}']),
      volumes: await ask(['volume', 'ls', '--format', '{{.Name}}']),
      // Pods carry no project label: podman-compose names its one pod_<project>.
      pods: this.#podmanCompose
        ? await ask(['pod', 'ps', '--format', '{{.Name}}'], ['--filter', `name=^${this.#podName}$`])
        : [],
    }
  }

  get #podName(): string {
    return `pod_${this.name}`
  }
}

/**
 * podman-compose 1.0.3 exits 0 from `up -d` even when podman could not create or start a container
 * (`Error: cannot set multiple networks…`, then `exit code: 125` on stdout): the first non-zero
 * `exit code:` it printed is the result's exit code.
 */
export function withPodmanComposeExit(r: ProcessResult): ProcessResult {
  if (r.exitCode !== 0) return r
  const failed = [...r.stdout.matchAll(/^exit code: (\d+)\s*$/gm)]
    .map((m) => Number(m[1]))
    .find((n) => n !== 0)
  return failed === undefined ? r : { ...r, exitCode: failed }
}

/**
 * podman-compose 1.0.3 echoes each `podman run` / `podman create` it runs on stdout, every `-e NAME=value`
 * of the service in it, unquoted (a value with spaces cannot even be told from the next argument); that
 * stdout becomes a failed or timed-out up's message when stderr is empty. Those lines are dropped before
 * anything reads it, with their secrets: podman's own errors are on stderr.
 */
export function withoutEchoedRuns(r: ProcessResult): ProcessResult {
  const echo = /^(podman (run|create) |\['podman', '(run|create)')/
  const kept = r.stdout.split('\n').filter((l) => !echo.test(l.trim()))
  return { ...r, stdout: kept.join('\n') }
}

function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
}

function ensureOk(r: ProcessResult, what: string): void {
  if (r.exitCode !== 0)
    throw new PostflightError(
      'PROCESS',
      `${what} failed (exit ${r.exitCode}): ${r.stderr.trim().slice(-500)}`,
    )
}
