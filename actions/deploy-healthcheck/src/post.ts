import * as core from '@actions/core'
import { consoleSink, createLogger, describeError, SecretRegistry } from '@postflight/core'
import { cleanupAbandoned } from './cleanup/abandoned.ts'
import type { DeployState } from './engine.ts'
import { uploadLogs } from './upload-logs.ts'

// The post step: when the main step was cancelled or killed before it settled (the runner's SIGINT,
// then SIGKILL), the stack it recorded is still there. Save its logs, remove it, prove it is gone.
async function post(): Promise<void> {
  const raw = core.getState('deploy')
  if (raw === '' || core.getState('settled') === 'true') return
  const state = JSON.parse(raw) as DeployState
  if (state.cleanup === 'never') {
    core.warning(
      `deploy-healthcheck did not finish; project ${state.project} is left running (cleanup: never)`,
    )
    return
  }
  // The services' own secrets found on the way are masked in the runner's log too.
  const secrets = new SecretRegistry()
  secrets.onAdd((value) => core.setSecret(value))
  const logger = createLogger({ sink: consoleSink('human', process.stdout), secrets })
  const outcome = await cleanupAbandoned(state, logger, secrets)
  await uploadLogs(state.logsDir, `deploy-logs-${state.project}`, logger)
  if (outcome.status === 'pass') core.info(`deploy-healthcheck post: ${outcome.message}`)
  else core.setFailed(`deploy-healthcheck post: ${outcome.message}`)
}

try {
  await post()
} catch (err) {
  core.setFailed(`deploy-healthcheck post: ${describeError(err)}`)
}
