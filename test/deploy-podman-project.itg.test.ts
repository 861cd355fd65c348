// A compose project's own podman parts on a real podman (4.3, no systemd here), its containers made
// with `podman run` / `podman create` under the project's label, which is all these parts read:
// - the container watch runs the HEALTHCHECKs podman leaves unscheduled itself, only for containers
//   that declare one, and `stop` ends a run still going instead of waiting for it;
// - the podman-compose teardown removes what is left under the project's label, and pod_<project>,
//   and never another project's resources, not even one whose name starts with this project's name.
import { spawnSync } from 'node:child_process'
import { memoryLogger, SecretRegistry } from '@postflight/core'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ComposeCli } from '../actions/deploy-healthcheck/src/compose/detect.ts'
import { ComposeProject, PROJECT_LABEL } from '../actions/deploy-healthcheck/src/compose/project.ts'
import { ContainerWatch } from '../actions/deploy-healthcheck/src/compose/watch.ts'
import { removeProject } from './helpers/compose-engine.ts'
import { buildPodmanBusyboxImage, ensurePodman, podmanLeftovers } from './helpers/podman.ts'

const IMAGE = 'localhost/pf-podman-project:1'
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

/** A container, network and volume under the project's label, and its pod_<project> (no infra container). */
function leave(project: string): void {
  const label = `${PROJECT_LABEL}=${project}`
  podman(['create', '--name', `${project}_web_1`, '--label', label, IMAGE, 'true'])
  podman(['network', 'create', '--label', label, `${project}_default`])
  podman(['volume', 'create', '--label', label, `${project}_data`])
  podman(['pod', 'create', '--infra=false', '--name', `pod_${project}`])
}

describe('podman-compose teardown', () => {
  it("removes its own project's leftovers and never a project whose name it prefixes", async ({
    onTestFinished,
  }) => {
    const mine = `pfteardown_${process.pid}`
    const others = [`${mine}_2`, `${mine}-b`, `x${mine}`]
    for (const p of [mine, ...others]) {
      onTestFinished(() => removeProject('podman', p))
      leave(p)
    }
    const project = new ComposeProject({
      cli: CLI,
      name: mine,
      files: ['/nonexistent/compose.yml'],
      secrets: new SecretRegistry(),
    })
    // podman-compose's own down fails without the file: what is left is removed by label all the same.
    await project.down({ timeoutMs: 60_000 })
    expect(podmanLeftovers(mine)).toEqual([])
    for (const p of others) {
      expect(podmanLeftovers(p), p).toEqual([
        `container ${p}_web_1`,
        `network ${p}_default`,
        `volume ${p}_data`,
        `pod pod_${p}`,
      ])
    }
    expect(await project.leftovers({ timeoutMs: 30_000 })).toEqual({
      containers: [],
      networks: [],
      volumes: [],
      pods: [],
    })
  })
})
