import { listInput } from '@postflight/core'
import type { ActionSpec } from '@postflight/core/action'
import { deployHealthcheck } from './engine.ts'
import { DeployInputs } from './inputs.ts'

export { type DeployHooks, type DeployState, deployHealthcheck, SUITE } from './engine.ts'
export { DeployInputs, type DeployOptions } from './inputs.ts'

/** The deployment report the engine records as the evidence of its `deployment` check. */
function report(result: { checks: Array<{ id: string; evidence?: Record<string, unknown> | undefined }> }) {
  return result.checks.find((c) => c.id === 'deployment')?.evidence
}

/** deploy-healthcheck as the action entry runs it. */
export const deploySpec: ActionSpec<typeof DeployInputs> = {
  suite: 'deploy-healthcheck',
  schema: DeployInputs,
  engine: (options, ctx) => deployHealthcheck(options, ctx),
  outputs: (result) => {
    const r = report(result)
    return {
      'deployment-id': typeof r?.deployment_id === 'string' ? r.deployment_id : '',
      'deployment-status': typeof r?.status === 'string' ? r.status : '',
      'logs-dir': typeof r?.logs_dir === 'string' ? r.logs_dir : '',
      report: r ? JSON.stringify(r) : '',
    }
  },
}

// The CLI's --check URL (repeatable); the action has `endpoints` for the same.
const check = listInput
  .optional()
  .describe('A URL to health-check (http(s)://, tcp://, postgres://, redis://); repeat the flag')

/** `postflight deploy`: the action's inputs as flags, and `--check URL` beside `--endpoints`. */
export const deployCliSpec = {
  ...deploySpec,
  schema: DeployInputs.extend({ check }),
}

/** `postflight health`: check running endpoints only; nothing is deployed. */
export const healthCliSpec = {
  suite: 'deploy-healthcheck',
  schema: DeployInputs.pick({
    endpoints: true,
    checks: true,
    timeout: true,
    attempts: true,
    'attempt-timeout': true,
    'backoff-initial': true,
    'backoff-max': true,
    commands: true,
    'command-timeout': true,
    'results-dir': true,
    'fail-on': true,
    config: true,
  }).extend({ check }),
  engine: deploySpec.engine,
}
