import { constants } from 'node:fs'
import { access } from 'node:fs/promises'
import path from 'node:path'
import { type EngineContext, PostflightError, SuiteBuilder, type SuiteResult } from '@postflight/core'
import { chaos } from './chaos.ts'
import { checkLogsDir } from './cleanup/logs-dir.ts'
import { settle } from './cleanup/settle.ts'
import { attributeChecks } from './compose/attribute-checks.ts'
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
import { functionalPhase } from './functional/functional-phase.ts'
import { checksFromUrls, type HealthCheckSpec, HealthChecksInput } from './health/index.ts'
import { recordHealth, uncheckedServices } from './health-checks.ts'
import { DEFAULTS, type DeployOptions } from './inputs.ts'
import { collectMetrics } from './metrics/collect.ts'
import { deploymentReport } from './report/deployment-report.ts'
import type { RunState } from './run-state.ts'
import { isRootless } from './security/rootless.ts'
import { securityChecks } from './security/runtime-rules.ts'
import { registerEnvSecrets } from './security/secret-names.ts'
import { healthBounds, stackHealth, UNCHECKED_GRACE_MS } from './stack-health.ts'

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
  // A rollback's secret-looking variables (REGISTRY_TOKEN=…) are redacted from the start: compose
  // substitutes them into commands, image names and errors that reach the logs and the evidence.
  registerEnvSecrets(options['rollback-env'] ?? [], ctx.secrets)
  const id = options['project-name'] ?? deploymentId(startedAt)
  const bounds = healthBounds(options)
  const state: RunState = { health: [], rootless: null }

  if (files.length === 0) {
    // Running endpoints only: nothing is deployed, so nothing is cleaned up.
    const { health } = await ctx.logger.group('Health', () => stackHealth(explicit, bounds, ctx))
    state.health.push(...health)
    recordHealth(suite, health)
    if (health.every((h) => h.status === 'healthy')) await functionalPhase(suite, options, ctx, health, [])
    ctx.signal.throwIfAborted()
    return finish(suite, id, startedAt, state)
  }

  const services = activeServices(await readComposeServices(files), options.profiles)
  await checkLogsDir(options['logs-dir'])
  // Read now, not after a failed deployment: a wrong path is a usage error before anything starts.
  const rollbackFiles = options['rollback-compose-file']
  if (rollbackFiles) await readComposeServices(rollbackFiles, 'rollback-compose-file')
  const chaosService = options['chaos-service']
  if (options.chaos !== 'none' && chaosService && !services.some((s) => s.name === chaosService)) {
    throw new PostflightError(
      'BAD_INPUT',
      `input 'chaos-service': ${chaosService} is not a service of the stack (${services.map((s) => s.name).join(', ')})`,
      { field: 'chaos-service' },
    )
  }
  const envFile = options['env-file']
  if (envFile) {
    await access(envFile, constants.R_OK).catch((err: unknown) => {
      throw new PostflightError(
        'BAD_INPUT',
        `input 'env-file': cannot read ${envFile}: ${(err as Error).message}`,
        {
          field: 'env-file',
          cause: err,
        },
      )
    })
  }
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
  const checks =
    explicit.length > 0
      ? attributeChecks(explicit, services)
      : HealthChecksInput.parse(derivedChecks(services))
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
  const unchecked = services.some((s) => !checks.some((c) => c.service === s.name))
  const { health, watch } = await ctx.logger.group('Health', () =>
    stackHealth(checks, bounds, ctx, project, unchecked ? UNCHECKED_GRACE_MS : 0),
  )
  state.health.push(...health)
  recordHealth(suite, health)
  if (watch) uncheckedServices(suite, services, checks, watch)
  suite.metric('deployment-duration', Math.round((performance.now() - deployStarted) / 100) / 10, 's')

  const containers = watch ? watch.all() : await project.containers({ signal: ctx.signal })
  // From here on a service's own secrets (DB_PASSWORD=…) are redacted wherever its output goes.
  for (const c of containers) registerEnvSecrets(c.env, ctx.secrets)
  // `stats --no-stream` takes two samples a second or more apart: taken while the functional checks run.
  const sampled = Promise.all([
    collectMetrics(project, containers, suite, ctx.logger),
    isRootless(project.cli.containers),
  ])
  try {
    if (health.every((h) => h.status === 'healthy'))
      await functionalPhase(suite, options, ctx, health, services)
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
  if (options.chaos !== 'none') {
    const kind = options.chaos
    const service = options['chaos-service'] ?? services[0]?.name
    if (service) {
      await ctx.logger.group(`Chaos: ${kind} ${service}`, () =>
        suite.run(
          `chaos:${service}`,
          `${service} recovers from ${kind === 'kill' ? 'being killed' : 'a restart'}`,
          () =>
            chaos(kind, {
              project,
              service,
              checks,
              bounds,
              recoveryMs: options['chaos-recovery'] ?? DEFAULTS.chaosRecoveryMs,
              ctx,
            }),
        ),
      )
    }
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
