import { runAction } from '@postflight/core/action'
import { smokeSpec } from './index.ts'

await runAction(smokeSpec)
