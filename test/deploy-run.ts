// Runs deploy-healthcheck's engine as the CLI does, for the deploy scenario tests (Docker and podman),
// with lookups of its checks and of the deployment report they assert on.
import { executeSuite, type RawInputs, type SuiteResult } from '@postflight/core'
import { deploySpec } from '@postflight/deploy-healthcheck'

export interface DeployRun {
  result: SuiteResult
  exitCode: number
  error: Error | undefined
  ms: number
  /** The check of that id; throws naming the ones there are when it is missing. */
  check: (id: string) => SuiteResult['checks'][number]
  /** The deployment report (the `deployment` check's evidence). */
  report: Record<string, unknown>
}

/** One deploy-healthcheck run with these inputs, its output kept from the console. */
export async function runDeploy(raw: RawInputs): Promise<DeployRun> {
  const started = performance.now()
  const execution = await executeSuite(deploySpec, { raw, style: 'cli', sink: () => undefined })
  const { result } = execution
  return {
    result,
    exitCode: execution.exitCode,
    error: execution.error,
    ms: performance.now() - started,
    check: (id) => {
      const found = result.checks.find((c) => c.id === id)
      if (!found) throw new Error(`no check ${id} in ${result.checks.map((c) => c.id).join(', ')}`)
      return found
    },
    report: (result.checks.find((c) => c.id === 'deployment')?.evidence ?? {}) as Record<string, unknown>,
  }
}
