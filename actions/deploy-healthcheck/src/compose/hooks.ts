import type { ContainerHealthFn, ExecFn } from '../health/types.ts'
import type { ComposeProject } from './project.ts'
import type { ContainerWatch } from './watch.ts'

/** What the health checks need from the compose engine: dead services, exec, container health. */
export interface HealthHooks {
  serviceDead: (service: string) => Promise<string | undefined>
  exec: ExecFn
  containerHealth: ContainerHealthFn
}

/** The health checks' hooks over a watched compose project. */
export function healthHooks(project: ComposeProject, watch: ContainerWatch): HealthHooks {
  return {
    serviceDead: async (service) => watch.deadReason(service),
    containerHealth: async (service) => watch.health(service),
    exec: async (service, argv, { signal, timeoutMs }) => {
      // A service of the project, else a container named as the engine knows it.
      const target = watch.runningContainer(service)?.id ?? service
      const r = await project.containerCli(['exec', target, ...argv], { signal, timeoutMs })
      return {
        code: r.timedOut ? null : r.exitCode,
        stdout: r.stdout,
        stderr: r.timedOut ? `timed out after ${timeoutMs} ms` : r.stderr,
      }
    },
  }
}
