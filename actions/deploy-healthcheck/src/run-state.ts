import type { ServiceHealth } from './health/index.ts'
import type { StackMetrics } from './metrics/collect.ts'
import type { DeploymentReport } from './report/deployment-report.ts'

/** What one run learns on its way, for the deployment report at its end. */
export interface RunState {
  health: ServiceHealth[]
  metrics?: StackMetrics
  rootless: boolean | null
  engine?: string
  project?: string
  rollback?: DeploymentReport['rollback']
  logsDir?: string
}
