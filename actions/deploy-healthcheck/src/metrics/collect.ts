import { describeError, type Logger, type SuiteBuilder } from '@postflight/core'
import type { ContainerInfo } from '../compose/inspect.ts'
import type { ComposeProject } from '../compose/project.ts'
import { type ContainerStats, parseStats } from './stats.ts'

export interface StackMetrics {
  total: number
  running: number
  restarts: number
  stats: ContainerStats[]
}

/**
 * Counts the containers and their restarts, and takes one `stats --no-stream` sample of CPU and memory
 * per running container; each becomes a suite metric. A failed stats call loses the sample only.
 */
export async function collectMetrics(
  project: ComposeProject,
  containers: ContainerInfo[],
  suite: SuiteBuilder,
  logger: Logger,
): Promise<StackMetrics> {
  const running = containers.filter((c) => c.running)
  const out: StackMetrics = {
    total: containers.length,
    running: running.length,
    restarts: containers.reduce((n, c) => n + c.restartCount, 0),
    stats: [],
  }
  if (running.length > 0) {
    try {
      const r = await project.containerCli(
        ['stats', '--no-stream', '--format', '{{json .}}', ...running.map((c) => c.id)],
        { timeoutMs: 30_000 },
      )
      if (r.exitCode === 0) out.stats = parseStats(r.stdout)
      else logger.warn(`stats failed (exit ${r.exitCode}): ${r.stderr.trim()}`)
    } catch (err) {
      logger.warn(`stats failed: ${describeError(err)}`)
    }
  }
  suite.metric('containers-total', out.total, 'containers')
  suite.metric('containers-running', out.running, 'containers')
  suite.metric('restarts', out.restarts, 'restarts')
  for (const s of out.stats) {
    if (Number.isFinite(s.cpuPercent)) suite.metric(`cpu:${s.name}`, s.cpuPercent, '%')
    if (Number.isFinite(s.memoryBytes)) suite.metric(`memory:${s.name}`, s.memoryBytes, 'bytes')
  }
  return out
}
