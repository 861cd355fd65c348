// The committed deploy-healthcheck bundles run as the runner runs them: the main step deploys,
// checks and cleans up; the post step removes a stack that a cancelled main step left behind.
import { spawn, spawnSync } from 'node:child_process'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { composeUnderTest, removeDockerProject } from './helpers/compose-engine.ts'
import { buildBusyboxImage, ensureDocker } from './helpers/docker.ts'
import { NODE24, REPO } from './helpers/paths.ts'
import { parseGithubOutput } from './helpers/real-release.ts'
import { runBundle } from './helpers/run-bundle.ts'
import { freePort } from './registries/free-port.ts'

const DIST = path.join(REPO, 'actions/deploy-healthcheck/dist')
const IMAGE = 'pf-deploy-action:1'
// docker-compose here, compose v2 with POSTFLIGHT_TEST_COMPOSE_ENGINE=compose-v2 (GitHub's runners).
const COMPOSE = composeUnderTest()
let root: string

const containers = (project: string): string =>
  spawnSync('docker', ['ps', '-a', '-q', '--filter', `label=com.docker.compose.project=${project}`], {
    encoding: 'utf8',
  }).stdout.trim()

async function stack(name: string, port: number): Promise<string> {
  const file = path.join(root, `${name}.yml`)
  const web = `mkdir -p /www && echo ok > /www/index.html && echo serving && exec httpd -f -p 127.0.0.1:${port} -h /www`
  await writeFile(
    file,
    stringify({
      services: {
        web: { image: IMAGE, network_mode: 'host', stop_signal: 'SIGKILL', command: ['sh', '-c', web] },
      },
    }),
  )
  return file
}

// Compose v1 names a container project_service_1, v2 project-service-1 (GitHub's runners have v2).
const containerName = (project: string, service: string, names: readonly string[]): string =>
  names.find((n) => n.startsWith(`${project}_${service}_1`) || n.startsWith(`${project}-${service}-1`)) ??
  `${project}_${service}_1 (none of: ${names.join(', ')})`

beforeAll(async () => {
  await ensureDocker()
  await buildBusyboxImage(IMAGE)
  root = await mkdtemp(path.join(os.tmpdir(), 'pf-deploy-action-'))
})
afterAll(() => rm(root, { recursive: true, force: true }))

describe('deploy-healthcheck action bundle', () => {
  it('deploys, checks and cleans up, setting its outputs and the state the post step reads', async ({
    onTestFinished,
  }) => {
    const port = await freePort()
    const file = await stack('main', port)
    const step = path.join(root, 'main-step')
    await mkdir(step)
    await writeFile(path.join(step, 'state'), '')
    const run = await runBundle(
      path.join(DIST, 'index.js'),
      root,
      {
        'compose-file': file,
        checks: stringify([{ url: `http://127.0.0.1:${port}/`, service: 'web', body: 'ok' }]),
        cleanup: 'always',
        'allow-host-network': 'true',
        timeout: '30s',
      },
      { step, env: { GITHUB_STATE: path.join(step, 'state') } },
    )
    onTestFinished(() => {
      const id = run.outputs['deployment-id']
      if (typeof id === 'string' && id) removeDockerProject(id)
    })
    expect(run.code, run.log).toBe(0)
    expect(run.outputs.status).toBe('warn')
    const id = run.outputs['deployment-id'] as string
    expect(id).toMatch(/^deploy_\d{8}_\d{6}_[0-9a-f]{6}$/)
    expect(run.outputs['deployment-status']).toBe('success')
    expect(JSON.parse(run.outputs.report as string)).toMatchObject({
      deployment_id: id,
      services: { web: { status: 'healthy' } },
    })
    const state = await readFile(path.join(step, 'state'), 'utf8')
    expect(state).toContain(id)
    expect(state).toMatch(/settled<<[^\n]*\ntrue\n/)
    expect(run.summary).toContain('deploy-healthcheck')
    expect(containers(id)).toBe('')
  })

  it('post step: removes the stack of a main step that never settled, saving its logs first', async () => {
    const port = await freePort()
    const project = `pfdeploy_post_${process.pid}`
    const file = await stack('post', port)
    const up = COMPOSE.run(['-p', project, '-f', file, 'up', '-d'])
    expect(up.status, String(up.stderr)).toBe(0)
    const logsDir = path.join(root, 'post-logs')
    const state = JSON.stringify({
      engine: COMPOSE.input,
      project,
      files: [file],
      logsDir,
      cleanup: 'on-failure',
    })
    try {
      // A main step that settled has cleaned up itself: the post step leaves everything alone.
      const settled = await runBundle(
        path.join(DIST, 'post.js'),
        root,
        {},
        { env: { STATE_deploy: state, STATE_settled: 'true' } },
      )
      expect(settled.code, settled.log).toBe(0)
      expect(containers(project)).not.toBe('')

      const post = await runBundle(path.join(DIST, 'post.js'), root, {}, { env: { STATE_deploy: state } })
      expect(post.code, post.log).toBe(0)
      expect(post.log).toContain(`project ${project} removed`)
      expect(containers(project)).toBe('')
      const saved = await readdir(logsDir)
      const web = containerName(project, 'web', saved).replace(/\.(log|inspect\.json)$/, '')
      expect(saved).toEqual([`${web}.inspect.json`, `${web}.log`])
    } finally {
      COMPOSE.run(['-p', project, '-f', file, 'down', '-v', '-t', '1'])
    }
  })

  it('post step: cleans up after the runner killed the main step mid-deployment', async () => {
    const port = await freePort()
    const file = await stack('killed', port)
    const step = path.join(root, 'killed-step')
    await mkdir(step)
    const stateFile = path.join(step, 'state')
    await writeFile(stateFile, '')
    // The main step as the runner starts it, waiting on a check that never passes.
    const main = spawn(NODE24, [path.join(DIST, 'index.js')], {
      cwd: step,
      stdio: 'ignore',
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        GITHUB_ACTIONS: 'true',
        GITHUB_STATE: stateFile,
        GITHUB_OUTPUT: path.join(step, 'output'),
        RUNNER_TEMP: step,
        'INPUT_COMPOSE-FILE': file,
        INPUT_CHECKS: stringify([{ kind: 'tcp', host: '127.0.0.1', port: await freePort(), service: 'web' }]),
        INPUT_TIMEOUT: '5m',
      },
    })
    const exited = new Promise((resolve) => main.on('close', resolve))
    let state: Record<string, string> = {}
    const deadline = Date.now() + 30_000
    while (Date.now() < deadline) {
      state = parseGithubOutput(await readFile(stateFile, 'utf8'))
      const project = state.deploy ? (JSON.parse(state.deploy) as { project: string }).project : ''
      if (project && containers(project) !== '') break
      await new Promise((r) => setTimeout(r, 200))
    }
    const { project } = JSON.parse(state.deploy as string) as { project: string }
    expect(containers(project)).not.toBe('')
    // After SIGINT and a grace the runner kills the step: no cleanup of its own can run.
    main.kill('SIGKILL')
    await exited
    try {
      expect(state.settled).toBeUndefined()
      expect(containers(project)).not.toBe('')
      const post = await runBundle(
        path.join(DIST, 'post.js'),
        root,
        {},
        { step, env: { STATE_deploy: state.deploy } },
      )
      expect(post.code, post.log).toBe(0)
      expect(containers(project)).toBe('')
      const saved = await readdir(path.join(step, 'postflight-deploy-logs'))
      expect(saved).toContain(
        `${containerName(project, 'web', saved).replace(/\.(log|inspect\.json)$/, '')}.log`,
      )
    } finally {
      COMPOSE.run(['-p', project, '-f', file, 'down', '-v', '-t', '1'])
    }
  })
})
