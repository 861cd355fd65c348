import type { CheckOutcome, Logger, SecretRegistry } from '@postflight/core'
import { detectCompose } from '../compose/detect.ts'
import { ComposeProject } from '../compose/project.ts'
import type { DeployState } from '../engine.ts'
import { saveEvidence } from './save-evidence.ts'
import { teardown } from './teardown.ts'

/**
 * Cleans up a deployment whose run never settled (the action's post step after a cancellation):
 * the same evidence saving and proven teardown as the engine's own cleanup.
 */
export async function cleanupAbandoned(
  state: DeployState,
  logger: Logger,
  secrets: SecretRegistry,
): Promise<CheckOutcome> {
  const cli = await detectCompose(state.engine, new AbortController().signal)
  const project = new ComposeProject({
    cli,
    name: state.project,
    files: state.files,
    envFile: state.envFile,
    profiles: state.profiles,
    secrets,
  })
  const saved = await saveEvidence(project, state.logsDir, secrets)
  logger.info(`saved ${saved.files.length} log and inspect files to ${saved.dir}`)
  for (const p of saved.problems) logger.warn(`could not save evidence: ${p}`)
  return teardown(project)
}
