// The podman-compose teardown removes what is left under the project's label, and pod_<project>: a
// real podman shows that it never touches another project's resources, not even one whose name
// starts with this project's name or shares its pod's name but one character.
import { spawnSync } from 'node:child_process'
import { SecretRegistry } from '@postflight/core'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ComposeCli } from '../actions/deploy-healthcheck/src/compose/detect.ts'
import { ComposeProject, PROJECT_LABEL } from '../actions/deploy-healthcheck/src/compose/project.ts'
import { removeProject } from './helpers/compose-engine.ts'
import { buildPodmanBusyboxImage, ensurePodman, podmanLeftovers } from './helpers/podman.ts'

const IMAGE = 'localhost/pf-podman-teardown:1'
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

function podman(args: string[]): void {
  const r = spawnSync('podman', args, { encoding: 'utf8', timeout: 60_000 })
  if (r.status !== 0) throw new Error(`podman ${args.join(' ')}: ${r.stderr}`)
}

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
