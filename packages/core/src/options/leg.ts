import os from 'node:os'
import type { Leg } from '../result/model.ts'

/** The leg this process runs on: node's platform and arch names, the runner's name when on Actions. */
export function currentLeg(label?: string, env: NodeJS.ProcessEnv = process.env): Leg {
  return {
    os: process.platform,
    arch: process.arch,
    runner: env.RUNNER_NAME ?? os.hostname(),
    label: label ?? `${process.platform}-${process.arch}`,
  }
}
