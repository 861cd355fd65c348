import type { ActionSpec } from '@postflight/core/action'
import { platformSmoke } from './engine.ts'
import { SmokeInputs } from './inputs.ts'

// deploy-healthcheck's functional checks take the same `commands` and run them the same way.
export { commandAttempt } from './command-check.ts'
export { platformSmoke, SUITE } from './engine.ts'
export { SmokeInputs, type SmokeOptions } from './inputs.ts'
export { registerEnvSecrets, type StepContext } from './run-step.ts'
export { commandsInput, type SmokeCommand } from './smoke-commands.ts'

/** platform-smoke as the action entry and the CLI both run it. */
export const smokeSpec: ActionSpec<typeof SmokeInputs> = {
  suite: 'platform-smoke',
  schema: SmokeInputs,
  secretInputs: ['token'],
  engine: platformSmoke,
  // The asset picked, so a later step can name or upload it.
  outputs: (result) => {
    const select = result.checks.find((c) => c.id.startsWith('select:'))
    const chosen = select?.evidence?.chosen
    return { asset: typeof chosen === 'string' ? chosen : '', platform: result.leg.label }
  },
}
