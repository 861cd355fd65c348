// The container watch on a real podman (4.3, no systemd here): it runs the HEALTHCHECKs podman leaves
// unscheduled itself, only for containers that declare one, and `stop` ends a run still going instead
// of waiting for it. Containers are made with `podman run` under a compose project label, which is all
// the watch reads.
import { spawnSync } from 'node:child_process'
import { memoryLogger, SecretRegistry } from '@postflight/core'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ComposeCli } from '../actions/deploy-healthcheck/src/compose/detect.ts'
import { ComposeProject, PROJECT_LABEL } from '../actions/deploy-healthcheck/src/compose/project.ts'
import { ContainerWatch } from '../actions/deploy-healthcheck/src/compose/watch.ts'
import { removeProject } from './helpers/compose-engine.ts'
import { buildPodmanBusyboxImage, ensurePodman } from './helpers/podman.ts'

const IMAGE = 'localhost/pf-podman-watch:1'
const CLI: ComposeCli = {
  name: 'podman-compose',
  command: 'podman-compose',
  prefix: [],
  containers: 'podman',
  jsonPs: false,
  version: 'unused',
}

beforeAll(async () => {
  ensurePodman()
  await buildPodmanBusyboxImage(IMAGE)
}, 180_000)

function podman(args: string[]): string {
  const r = spawnSync('podman', args, { encoding: 'utf8', timeout: 60_000 })
  if (r.status !== 0) throw new Error(`podman ${args.join(' ')}: ${r.stderr}`)
  return r.stdout.trim()
}

/** The `podman healthcheck run <id>` processes running now. */
function healthcheckRuns(id: string): string[] {
  return spawnSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter((l) => l.startsWith('podman healthcheck run') && l.includes(id))
}

describe('the container watch on podman', () => {
  it('runs a slow HEALTHCHECK only where one is declared, and stop ends it at once', async ({
    onTestFinished,
  }) => {
    const name = `pfpodwatch_${process.pid}`
    onTestFinished(() => removeProject('podman', name))
    const run = (service: string, health: string[]) =>
      podman([
        'run',
        '-d',
        '--network',
        'host',
        '--label',
        `${PROJECT_LABEL}=${name}`,
        '--label',
        `com.docker.compose.service=${service}`,
        ...health,
        IMAGE,
        'sleep',
        '300',
      ])
    // A check that takes 120 s, tried every second: a stop that waited for it would take minutes.
    const slow = run('slow', [
      '--health-cmd',
      'sleep 120',
      '--health-interval',
      '1s',
      '--health-timeout',
      '200s',
    ])
    const plain = run('plain', [])
    const secrets = new SecretRegistry()
    const { logger, records } = memoryLogger(secrets)
    const watch = new ContainerWatch(new ComposeProject({ cli: CLI, name, files: [], secrets }), logger, 200)
    await watch.start()
    const deadline = Date.now() + 20_000
    while (Date.now() < deadline && healthcheckRuns(slow).length === 0)
      await new Promise((r) => setTimeout(r, 100))
    expect(healthcheckRuns(slow)).toHaveLength(1)
    expect(watch.health('slow').status).toBe('starting')

    const started = performance.now()
    await watch.stop()
    expect(performance.now() - started).toBeLessThan(5_000)
    expect(healthcheckRuns(slow)).toEqual([])
    // The container without a HEALTHCHECK was never asked (podman would have refused it, logged here).
    expect(watch.health('plain').status).toBe('none')
    expect(healthcheckRuns(plain)).toEqual([])
    // Nor did the stop log the runs and the poll it ended as failures.
    expect(records.map((r) => r.message)).toEqual([])
  })
})
