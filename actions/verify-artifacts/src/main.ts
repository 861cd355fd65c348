import { runAction } from '@postflight/core/action'
import { verifySpec } from './index.ts'

await runAction(verifySpec)
