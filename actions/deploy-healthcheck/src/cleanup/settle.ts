import type { CheckInput, EngineContext, SuiteBuilder } from '@postflight/core'
import type { ComposeProject } from '../compose/project.ts'
import type { HealthCheckSpec } from '../health/index.ts'
import type { DeployOptions } from '../inputs.ts'
import { rollback } from '../rollback.ts'
import type { RunState } from '../run-state.ts'
import { healthBounds } from '../stack-health.ts'
import { saveEvidence } from './save-evidence.ts'
import { teardown } from './teardown.ts'

const failing = (c: CheckInput): boolean => c.status === 'fail' || c.status === 'error'

/**
 * The end of every deployment, also a failed, thrown or cancelled one: logs and inspect output saved
 * first, then cleanup per `cleanup` (a cancelled run is always cleaned unless `never`), then rollback.
 */
export async function settle(
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
  // The previous version: its own compose file(s), or this one with the previous image tag (rollback-env).
  const rollbackEnv = options['rollback-env']
  const rollbackFiles = options['rollback-compose-file'] ?? (rollbackEnv ? project.files : [])
  if (failed && !cancelled && rollbackFiles.length > 0) {
    const check = await ctx.logger.group('Rollback', () =>
      suite.run('rollback', 'The previous version is back and healthy', () =>
        rollback(project, rollbackFiles, explicit, options, healthBounds(options), ctx),
      ),
    )
    state.rollback = { attempted: true, succeeded: check.status === 'pass', message: check.message }
  }
}
