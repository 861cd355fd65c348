import type { CheckOutcome, EngineContext } from '@postflight/core'
import { saveEvidence } from './cleanup/save-evidence.ts'
import { teardown } from './cleanup/teardown.ts'
import { activeServices, derivedChecks, readComposeServices } from './compose/compose-file.ts'
import { ComposeProject } from './compose/project.ts'
import { upWithRetries } from './compose/up.ts'
import { type HealthCheckSpec, HealthChecksInput, type RunHealthOptions } from './health/index.ts'
import type { DeployOptions } from './inputs.ts'
import { isSecretName } from './security/secret-names.ts'
import { stackHealth } from './stack-health.ts'

/**
 * Brings the previous version back after a failed deployment — the rollback compose file(s) under
 * the same project name, so it takes the failed version's place — and health-checks it with the
 * checks it declares (or the explicit ones). It is left running when healthy: that is the point of
 * it. A rollback that fails (or throws, or is cancelled) is removed like the failed version, its logs
 * saved first as `rollback-*` files, unless `cleanup: never`.
 */
export async function rollback(
  failed: ComposeProject,
  files: string[],
  explicit: HealthCheckSpec[],
  options: DeployOptions,
  bounds: RunHealthOptions,
  ctx: EngineContext,
): Promise<CheckOutcome> {
  const project = new ComposeProject({
    cli: failed.cli,
    name: failed.name,
    files,
    envFile: options['env-file'],
    profiles: options.profiles,
    env: envOf(options['rollback-env']),
    secrets: ctx.secrets,
  })
  let outcome: CheckOutcome | undefined
  try {
    outcome = await bringBack(project, files, explicit, options, bounds, ctx)
    return outcome
  } finally {
    if (outcome?.status !== 'pass' && options.cleanup !== 'never') {
      const note = await removeRollback(project, options, ctx)
      if (outcome) outcome.message = `${outcome.message}; ${note}`
      else ctx.logger.warn(note)
    }
  }
}

// Without its signal: a cancelled rollback must still be removed.
async function removeRollback(
  project: ComposeProject,
  options: DeployOptions,
  ctx: EngineContext,
): Promise<string> {
  const saved = await saveEvidence(project, options['logs-dir'], ctx.secrets, 'rollback-')
  for (const p of saved.problems) ctx.logger.warn(`could not save the rollback's evidence: ${p}`)
  const gone = await teardown(project)
  return gone.status === 'pass' ? `the rollback stack was removed (${gone.message})` : gone.message
}

async function bringBack(
  project: ComposeProject,
  files: string[],
  explicit: HealthCheckSpec[],
  options: DeployOptions,
  bounds: RunHealthOptions,
  ctx: EngineContext,
): Promise<CheckOutcome> {
  const checks =
    explicit.length > 0
      ? explicit
      : HealthChecksInput.parse(
          derivedChecks(
            activeServices(await readComposeServices(files, 'rollback-compose-file'), options.profiles),
          ),
        )
  const up = await upWithRetries(project, {
    retries: options['deploy-retries'],
    build: options.build,
    pull: options.pull,
    signal: ctx.signal,
    logger: ctx.logger,
  })
  const shown = (options['rollback-env'] ?? []).map(showVariable)
  const what = [...files, ...shown].join(', ')
  if (up.status === 'fail')
    return { status: 'fail', message: `rollback could not start ${what}: ${up.message}` }
  const { health } = await stackHealth(checks, bounds, ctx, project)
  const bad = health.filter((h) => h.status !== 'healthy')
  const evidence = {
    files,
    env: shown,
    checks: health.map((h) => ({ name: h.name, status: h.status, message: h.message })),
  }
  if (bad.length === 0) {
    return {
      status: 'pass',
      message: `rolled back: ${what} is up and healthy (${health.length} checks)`,
      evidence,
    }
  }
  return {
    status: 'fail',
    message: `rollback started ${what}, but it is not healthy: ${bad.map((h) => `${h.name}: ${h.message}`).join('; ')}`,
    evidence,
  }
}

function envOf(lines: string[] | undefined): Record<string, string> | undefined {
  if (!lines) return undefined
  return Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]))
}

// A variable as the report may show it: a secret-looking one never with its value.
function showVariable(line: string): string {
  const name = line.slice(0, line.indexOf('='))
  return isSecretName(name) ? `${name}=***` : line
}
