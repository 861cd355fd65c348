import * as core from '@actions/core'
import { runAction } from '@postflight/core/action'
import { deployHealthcheck } from './engine.ts'
import { deploySpec } from './index.ts'
import { uploadLogs } from './upload-logs.ts'

// The stack is recorded in the step's state before it exists, so the post step can remove it when this
// step is cancelled or killed before it settled.
await runAction({
  ...deploySpec,
  engine: async (options, ctx) => {
    let project = ''
    try {
      return await deployHealthcheck(options, ctx, {
        onDeploy: (state) => {
          project = state.project
          core.saveState('deploy', JSON.stringify(state))
        },
        onSettled: () => core.saveState('settled', 'true'),
      })
    } finally {
      if (project) await uploadLogs(options['logs-dir'], `deploy-logs-${project}`, ctx.logger)
    }
  },
})
