import path from 'node:path'
import {
  type CheckInput,
  type EngineContext,
  PostflightError,
  SuiteBuilder,
  type SuiteResult,
} from '@postflight/core'
import { chaosRestart } from './chaos.ts'
import { saveEvidence } from './cleanup/save-evidence.ts'
import { teardown } from './cleanup/teardown.ts'
import {
  activeServices,
  derivedChecks,
  readComposeServices,
  type ServiceModel,
} from './compose/compose-file.ts'
import { deploymentId } from './compose/deployment-id.ts'
import { detectCompose, type EngineName } from './compose/detect.ts'
import { ComposeProject } from './compose/project.ts'
import { upWithRetries } from './compose/up.ts'
import type { ContainerWatch } from './compose/watch.ts'
import { runFunctional } from './functional/run-functional.ts'
import {
  checksFromUrls,
  type HealthCheckSpec,
  HealthChecksInput,
  type ServiceHealth,
} from './health/index.ts'
import { healthCheck } from './health-checks.ts'
import { DEFAULTS, type DeployOptions } from './inputs.ts'
import { collectMetrics, type StackMetrics } from './metrics/collect.ts'
import { type DeploymentReport, deploymentReport } from './report/deployment-report.ts'
import { rollback } from './rollback.ts'
import { isRootless } from './security/rootless.ts'
import { securityChecks } from './security/runtime-rules.ts'
import { healthBounds, stackHealth } from './stack-health.ts'

export const SUITE = 'deploy-healthcheck'

/** What the action's post step needs to clean up a deployment whose main step never finished. */
export interface DeployState {
  engine: EngineName
  project: string
  files: string[]
  envFile?: string
  profiles?: string[]
  logsDir: string
  cleanup: DeployOptions['cleanup']
}

/** Adapters hear when a stack is about to exist and when it has been dealt with (the action's post step). */
export interface DeployHooks {
  onDeploy?: (state: DeployState) => void
  onSettled?: () => void
}

/** The CLI's `--check URL` flags join `endpoints`. */
export type EngineOptions = DeployOptions & { check?: string[] | undefined }

/**
 * Deploys a compose stack (or takes running endpoints), waits until every service is really healthy,
 * runs the functional checks, checks the containers' runtime security, records metrics, optionally
 * restarts a service to prove recovery — and, whatever happened, saves every container's logs and
 * inspect output before cleaning up (per `cleanup`), proves nothing is left, and rolls back when asked.
 */
export async function deployHealthcheck(
  options: EngineOptions,
  ctx: EngineContext,
  hooks: DeployHooks = {},
): Promise<SuiteResult> {
  const startedAt = new Date()
  const suite = new SuiteBuilder(SUITE, ctx.leg)
  ctx.attach?.(suite)
  const files = options['compose-file'] ?? []
  const explicit: HealthCheckSpec[] = [
    ...(options.checks ?? []),
    ...checksFromUrls(options.endpoints ?? [], 'endpoints'),
    ...checksFromUrls(options.check ?? [], 'check'),
  ]
  if (files.length === 0 && explicit.length === 0) {
    throw new PostflightError(
      'BAD_INPUT',
      "nothing to check: give 'compose-file' (a stack to deploy) or 'endpoints' / 'checks' (running services)",
      { field: 'compose-file' },
    )
  }
  const id = options['project-name'] ?? deploymentId(startedAt)
  const bounds = healthBounds(options)
  const state: RunState = { health: [], rootless: null }

  if (files.length === 0) {
    // Running endpoints only: nothing is deployed, so nothing is cleaned up.
    const { health } = await ctx.logger.group('Health', () => stackHealth(explicit, bounds, ctx))
    recordHealth(suite, health, state)
    if (health.every((h) => h.status === 'healthy')) await functional(suite, options, ctx, health, [])
    ctx.signal.throwIfAborted()
    return finish(suite, id, startedAt, state)
  }

  const services = activeServices(await readComposeServices(files), options.profiles)
  const cli = await detectCompose(options.engine, ctx.signal)
  ctx.logger.info(`compose: ${[cli.command, ...cli.prefix].join(' ')} (${cli.version}); project ${id}`)
  const project = new ComposeProject({
    cli,
    name: id,
    files,
    envFile: options['env-file'],
    profiles: options.profiles,
    secrets: ctx.secrets,
  })
  state.engine = cli.name
  state.project = id
  hooks.onDeploy?.({
    engine: cli.name,
    project: id,
    files: files.map((f) => path.resolve(f)),
    ...(options['env-file'] ? { envFile: path.resolve(options['env-file']) } : {}),
    ...(options.profiles ? { profiles: options.profiles } : {}),
    logsDir: path.resolve(options['logs-dir']),
    cleanup: options.cleanup,
  })
  const checks = explicit.length > 0 ? explicit : HealthChecksInput.parse(derivedChecks(services))
  let threw = true
  try {
    await deployAndVerify(suite, project, services, checks, options, ctx, state)
    threw = false
  } finally {
    await settle(suite, project, explicit, options, ctx, state, threw)
    hooks.onSettled?.()
  }
  // Cancelled, but cleaned up: the adapter records the run as cancelled and partial, never green.
  ctx.signal.throwIfAborted()
  return finish(suite, id, startedAt, state)
}

interface RunState {
  health: ServiceHealth[]
  metrics?: StackMetrics
  rootless: boolean | null
  engine?: string
  project?: string
  rollback?: DeploymentReport['rollback']
  logsDir?: string
}

async function deployAndVerify(
  suite: SuiteBuilder,
  project: ComposeProject,
  services: ServiceModel[],
  checks: HealthCheckSpec[],
  options: DeployOptions,
  ctx: EngineContext,
  state: RunState,
): Promise<void> {
  const deployStarted = performance.now()
  const up = await ctx.logger.group('Deploy', () =>
    suite.run('deploy:up', 'The stack starts', () =>
      upWithRetries(project, {
        retries: options['deploy-retries'],
        build: options.build,
        pull: options.pull,
        signal: ctx.signal,
        logger: ctx.logger,
      }),
    ),
  )
  if (up.status === 'fail' || up.status === 'error') return

  const bounds = healthBounds(options)
  const { health, watch } = await ctx.logger.group('Health', () => stackHealth(checks, bounds, ctx, project))
  recordHealth(suite, health, state)
  if (watch) uncheckedServices(suite, services, checks, watch)
  suite.metric('deployment-duration', Math.round((performance.now() - deployStarted) / 100) / 10, 's')

  const containers = watch ? watch.all() : await project.containers({ signal: ctx.signal })
  // `stats --no-stream` takes two samples a second or more apart: taken while the functional checks run.
  const sampled = Promise.all([
    collectMetrics(project, containers, suite, ctx.logger),
    isRootless(project.cli.containers),
  ])
  try {
    if (health.every((h) => h.status === 'healthy')) await functional(suite, options, ctx, health, services)
  } finally {
    ;[state.metrics, state.rootless] = await sampled
  }
  if (!health.every((h) => h.status === 'healthy')) return
  if (options.security) {
    for (const check of securityChecks(containers, {
      allowedPorts: options['allowed-ports'],
      allowHostNetwork: options['allow-host-network'],
    }))
      suite.add(check)
  }
  if (options.chaos === 'restart') {
    const service = options['chaos-service'] ?? services[0]?.name
    if (service) {
      await ctx.logger.group(`Chaos: restart ${service}`, () =>
        suite.run(`chaos:${service}`, `${service} recovers from a restart`, () =>
          chaosRestart(
            project,
            service,
            checks,
            bounds,
            options['chaos-recovery'] ?? DEFAULTS.chaosRecoveryMs,
            ctx,
          ),
        ),
      )
    }
  }
}

function recordHealth(suite: SuiteBuilder, health: ServiceHealth[], state: RunState): void {
  state.health.push(...health)
  for (const h of health) {
    const check = healthCheck(h)
    suite.add({ ...check, id: suite.uniqueId(check.id) })
    if (h.timeToHealthyMs !== undefined) suite.metric(`time-to-healthy:${h.name}`, h.timeToHealthyMs, 'ms')
  }
}

// A service no check watches is still looked at once: running, or a one-shot job that exited 0.
function uncheckedServices(
  suite: SuiteBuilder,
  services: ServiceModel[],
  checks: HealthCheckSpec[],
  watch: ContainerWatch,
): void {
  const watched = new Set(checks.map((c) => c.service).filter(Boolean))
  for (const s of services) {
    if (watched.has(s.name)) continue
    const list = watch.containersOf(s.name)
    const dead = watch.deadReason(s.name)
    const ok =
      !dead && list.length > 0 && list.every((c) => c.running || (c.status === 'exited' && c.exitCode === 0))
    suite.add({
      id: suite.uniqueId(`health:${s.name}`),
      title: `${s.name} is running`,
      status: ok ? 'pass' : 'fail',
      message: ok
        ? `${list.map((c) => `${c.name} ${c.status}`).join(', ')} (no health check declared for it)`
        : (dead ??
          (list.length === 0
            ? `no container of ${s.name}`
            : list.map((c) => `${c.name} ${c.status}`).join(', '))),
    })
  }
}

async function functional(
  suite: SuiteBuilder,
  options: DeployOptions,
  ctx: EngineContext,
  health: ServiceHealth[],
  services: ServiceModel[],
): Promise<void> {
  if (!options.commands?.length) return
  const urls: Record<string, string> = {}
  for (const s of services) {
    const port = s.ports[0]
    if (port)
      urls[s.name] = `http://${port.host && port.host !== '0.0.0.0' ? port.host : '127.0.0.1'}:${port.port}`
  }
  for (const h of health)
    if (h.healthCheckUrl && h.kind === 'http') urls[h.service ?? h.name] = h.healthCheckUrl
  const results = await ctx.logger.group('Functional checks', () =>
    runFunctional(options.commands ?? [], {
      urls,
      cwd: process.cwd(),
      scratch: path.join(ctx.workDir, 'functional'),
      timeoutMs: options['command-timeout'] ?? DEFAULTS.commandTimeoutMs,
      secrets: ctx.secrets,
      signal: ctx.signal,
    }),
  )
  for (const check of results) suite.add(check)
}

const failing = (c: CheckInput): boolean => c.status === 'fail' || c.status === 'error'

/**
 * The end of every deployment, also a failed, thrown or cancelled one: logs and inspect output saved
 * first, then cleanup per `cleanup` (a cancelled run is always cleaned unless `never`), then rollback.
 */
async function settle(
  suite: SuiteBuilder,
  project: ComposeProject,
  explicit: HealthCheckSpec[],
  options: DeployOptions,
  ctx: EngineContext,
  state: RunState,
  threw: boolean,
): Promise<void> {
  const cancelled = ctx.signal.aborted
  const failed = threw || cancelled || suite.checks.some(failing)
  const clean = options.cleanup === 'always' || (options.cleanup === 'on-failure' && failed)
  if (failed || clean) {
    const saved = await saveEvidence(project, options['logs-dir'], ctx.secrets)
    state.logsDir = saved.dir
    ctx.logger.info(`saved ${saved.files.length} log and inspect files to ${saved.dir}`)
    for (const p of saved.problems) ctx.logger.warn(`could not save evidence: ${p}`)
  }
  if (clean) {
    await ctx.logger.group('Cleanup', () =>
      suite.run('cleanup', `Nothing of project ${project.name} is left`, () => teardown(project)),
    )
  }
  const rollbackFiles = options['rollback-compose-file'] ?? []
  if (failed && !cancelled && rollbackFiles.length > 0) {
    const check = await ctx.logger.group('Rollback', () =>
      suite.run('rollback', 'The previous version is back and healthy', () =>
        rollback(project, rollbackFiles, explicit, options, healthBounds(options), ctx),
      ),
    )
    state.rollback = { attempted: true, succeeded: check.status === 'pass', message: check.message }
  }
}

function finish(suite: SuiteBuilder, id: string, startedAt: Date, state: RunState): SuiteResult {
  const report = deploymentReport({
    id,
    startedAt,
    ...(state.engine ? { engine: state.engine } : {}),
    ...(state.project ? { project: state.project } : {}),
    health: state.health,
    checks: suite.checks,
    containers: state.metrics ?? { total: 0, running: 0, restarts: 0 },
    stats: state.metrics?.stats ?? [],
    rootless: state.rootless,
    ...(state.rollback ? { rollback: state.rollback } : {}),
    ...(state.logsDir ? { logsDir: state.logsDir } : {}),
  })
  suite.add({
    id: 'deployment',
    title: 'The deployment report is recorded',
    status: 'pass',
    message: `deployment ${id}: ${report.status} in ${report.duration_seconds} s`,
    evidence: report as unknown as Record<string, unknown>,
  })
  return suite.finish()
}
