import { runAction } from '@postflight/core/action'
import { scanSpec } from './index.ts'

await runAction(scanSpec)
