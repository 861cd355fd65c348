// deploy-healthcheck against a real podman (4.3) and podman-compose (1.0.3): images built with
// `podman build` FROM scratch with busybox, nothing pulled. podman-compose 1.0.3 cannot run a
// service with `network_mode: host` (it always adds `--net <project>_default`, which podman refuses
// beside host), so these services sit on the project's bridge network and publish their port on
// 127.0.0.1 only: every request still goes to 127.0.0.1. podman 4.3 has no `podman compose` (added
// in 4.7): that path is covered by the detection test below and by src/__tests__/detect.test.ts.
import { spawnSync } from 'node:child_process'
import { copyFile, cp, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { RawInputs } from '@postflight/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { detectCompose } from '../actions/deploy-healthcheck/src/compose/detect.ts'
import { type DeployRun, runDeploy } from './deploy-run.ts'
import { removeProject } from './helpers/compose-engine.ts'
import { REPO } from './helpers/paths.ts'
import { buildPodmanBusyboxImage, ensurePodman, podmanLeftovers } from './helpers/podman.ts'
import { runBundle } from './helpers/run-bundle.ts'
import { freePort } from './registries/free-port.ts'

const IMAGE = 'localhost/pf-deploy-podman:1'
let root: string

beforeAll(async () => {
  ensurePodman()
  await buildPodmanBusyboxImage(IMAGE, { '/www/index.html': 'ok\n' }, [
    'RUN mkdir -p /tmp /data && chmod 1777 /tmp',
  ])
  root = await mkdtemp(path.join(os.tmpdir(), 'pf-deploy-podman-'))
}, 180_000)
afterAll(() => rm(root, { recursive: true, force: true }))

/** A project name that the test removes when it ends, whatever its assertions said (tests run concurrently). */
function project(name: string, onTestFinished: (fn: () => void) => void): string {
  const full = `pfpodman_${name}_${process.pid}`
  onTestFinished(() => removeProject('podman', full))
  return full
}

// SIGKILL: busybox as PID 1 ignores SIGTERM, and every stop would wait out its grace.
function service(command: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { image: IMAGE, stop_signal: 'SIGKILL', command: ['sh', '-c', command], ...extra }
}

async function composeFile(name: string, doc: Record<string, unknown>): Promise<string> {
  const file = path.join(root, `${name}.yml`)
  await writeFile(file, stringify(doc))
  return file
}

const deploy = (raw: RawInputs): Promise<DeployRun> =>
  runDeploy({
    engine: 'podman-compose',
    'results-dir': path.join(root, 'results'),
    'backoff-initial': '100ms',
    'backoff-max': '500ms',
    ...raw,
  })

describe.concurrent('deploy-healthcheck with podman-compose', () => {
  it('deploys a healthy stack, reads metrics and security from podman, survives a restart, and leaves nothing', async ({
    onTestFinished,
  }) => {
    const port = await freePort()
    const name = project('healthy', onTestFinished)
    const file = await composeFile('healthy', {
      services: {
        web: service('echo starting; sleep 2; exec httpd -f -p 8080 -h /www', {
          ports: [`127.0.0.1:${port}:8080`],
          user: '1000:1000',
          mem_limit: '64m',
        }),
        migrate: service('echo migrated; exit 0'),
      },
    })
    const run = await deploy({
      'compose-file': file,
      'project-name': name,
      checks: stringify([{ url: `http://127.0.0.1:${port}/`, service: 'web', body: 'ok' }]),
      commands: stringify([
        { name: 'fetch', run: 'busybox wget -q -O- "$POSTFLIGHT_URL_WEB"', 'expect-output': '^ok$' },
      ]),
      chaos: 'restart',
      'chaos-service': 'web',
      'chaos-recovery': '30s',
      'allowed-ports': String(port),
      cleanup: 'always',
      timeout: '60s',
      'logs-dir': path.join(root, 'logs-healthy'),
    })
    expect(run.exitCode, JSON.stringify(run.result.checks, null, 1)).toBe(0)
    expect(run.check('deploy:up').message).toContain('podman-compose up')
    expect(run.check('health:web')).toMatchObject({ status: 'pass' })
    expect(run.check('health:migrate').status).toBe('pass')
    expect(run.check('functional:fetch').status).toBe('pass')
    expect(run.check('chaos:web')).toMatchObject({
      status: 'pass',
      message: expect.stringContaining('recovered'),
    })
    // From podman inspect: the user, the memory limit and the port published on 127.0.0.1.
    expect(run.check('security:non-root:web').status).toBe('pass')
    expect(run.check('security:ports:web')).toMatchObject({
      status: 'pass',
      message: expect.stringContaining(String(port)),
    })
    expect(run.check('security:non-root:migrate').status).not.toBe('pass')
    // From podman stats (a JSON array with podman's own keys): the running container's memory.
    expect(run.result.metrics?.['containers-total']?.value).toBe(2)
    expect(run.result.metrics?.['containers-running']?.value).toBe(1)
    expect(run.result.metrics?.[`memory:${name}_web_1`]?.value).toBeGreaterThan(0)
    expect(run.report).toMatchObject({
      status: 'success',
      engine: 'podman-compose',
      services: { web: { status: 'healthy', health_check_url: `http://127.0.0.1:${port}/` } },
      container_metrics: { containers_total: 2, containers_running: 1 },
      // podman run by root is rootful (here); by anyone else (a GitHub runner) it can only be rootless.
      // Told from this process's uid, not from the podman info query the engine itself makes.
      security_validation: { rootless_engine: process.getuid?.() !== 0 },
    })
    // down leaves podman-compose's network behind: the engine removes it, and the check proves it.
    expect(run.check('cleanup').status).toBe('pass')
    expect(podmanLeftovers(name)).toEqual([])
  })

  it('chaos kill: restart: always brings a killed podman container back', async ({ onTestFinished }) => {
    const port = await freePort()
    const name = project('kill', onTestFinished)
    const file = await composeFile('kill', {
      services: {
        web: service('exec httpd -f -p 8080 -h /www', {
          ports: [`127.0.0.1:${port}:8080`],
          restart: 'always',
        }),
      },
    })
    const run = await deploy({
      'compose-file': file,
      'project-name': name,
      checks: stringify([{ url: `http://127.0.0.1:${port}/`, service: 'web' }]),
      chaos: 'kill',
      'chaos-recovery': '30s',
      cleanup: 'always',
      timeout: '30s',
      'logs-dir': path.join(root, 'logs-kill'),
    })
    expect(run.check('chaos:web')).toMatchObject({
      status: 'pass',
      message: expect.stringContaining('was killed and recovered'),
    })
    expect(podmanLeftovers(name)).toEqual([])
  })

  it("derives a check from the service's healthcheck and runs it, as podman without systemd never does", async ({
    onTestFinished,
  }) => {
    const port = await freePort()
    const name = project('derived', onTestFinished)
    const file = await composeFile('derived', {
      services: {
        web: service('sleep 2; exec httpd -f -p 8080 -h /www', {
          ports: [`127.0.0.1:${port}:8080`],
          healthcheck: {
            test: ['CMD', 'wget', '-q', '-O-', 'http://127.0.0.1:8080/'],
            interval: '1s',
            retries: 30,
          },
        }),
      },
    })
    const run = await deploy({
      'compose-file': file,
      'project-name': name,
      cleanup: 'always',
      timeout: '60s',
      'logs-dir': path.join(root, 'logs-derived'),
    })
    const web = run.check('health:web')
    expect(web, web.message).toMatchObject({
      status: 'pass',
      evidence: expect.objectContaining({ kind: 'container' }),
    })
    expect(web.evidence?.timeToHealthyMs as number).toBeGreaterThanOrEqual(1500)
    expect(podmanLeftovers(name)).toEqual([])
  })

  it('fails a crash-looping service and one that exited non-zero at once, from what podman inspect says', async ({
    onTestFinished,
  }) => {
    const port = await freePort()
    const name = project('crash', onTestFinished)
    const file = await composeFile('crash', {
      services: {
        web: service('echo crashing; exit 3', { ports: [`127.0.0.1:${port}:8080`], restart: 'always' }),
        broken: service('echo bad config; exit 4'),
      },
    })
    const run = await deploy({
      'compose-file': file,
      'project-name': name,
      checks: stringify([{ url: `http://127.0.0.1:${port}/`, service: 'web' }]),
      timeout: '120s',
      'logs-dir': path.join(root, 'logs-crash'),
    })
    expect(run.exitCode).toBe(1)
    expect(run.check('health:web')).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(/restart/),
      evidence: expect.objectContaining({ status: 'dead' }),
    })
    expect(run.check('health:broken')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('exited with code 4'),
    })
    expect(run.ms).toBeLessThan(45_000)
    expect(podmanLeftovers(name)).toEqual([])
  })

  it('rolls back to the previous version under the same project when the new one fails', async ({
    onTestFinished,
  }) => {
    const port = await freePort()
    const name = project('rollback', onTestFinished)
    const ports = [`127.0.0.1:${port}:8080`]
    const broken = await composeFile('rb-new', {
      services: { web: service('echo new version cannot start; exit 1', { ports }) },
    })
    const previous = await composeFile('rb-old', {
      services: { web: service('exec httpd -f -p 8080 -h /www', { ports }) },
    })
    const run = await deploy({
      'compose-file': broken,
      'rollback-compose-file': previous,
      'project-name': name,
      checks: stringify([{ url: `http://127.0.0.1:${port}/`, service: 'web' }]),
      timeout: '20s',
      'logs-dir': path.join(root, 'logs-rollback'),
    })
    expect(run.exitCode).toBe(1)
    expect(run.check('rollback')).toMatchObject({
      status: 'pass',
      message: expect.stringContaining('rolled back'),
    })
    expect(run.report).toMatchObject({
      status: 'rolled_back',
      rollback: { attempted: true, succeeded: true },
    })
    // The previous version is what runs now, and only it: the failed one's network was replaced, not doubled.
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('ok\n')
    expect(podmanLeftovers(name)).toEqual([`container ${name}_web_1`, `network ${name}_default`])
  })

  it('reads added capabilities, host PID and secrets in the environment from podman inspect, never showing a value', async ({
    onTestFinished,
  }) => {
    const port = await freePort()
    const name = project('security', onTestFinished)
    const logs = path.join(root, 'logs-security')
    const secret = 'podman-hunter2-do-not-print'
    const file = await composeFile('security', {
      services: {
        // $$: the container's shell expands it, not compose. A service that prints its own secret.
        risky: service('echo "token is $$API_TOKEN"; exec httpd -f -p 8080 -h /www', {
          ports: [`127.0.0.1:${port}:8080`],
          cap_add: ['SYS_ADMIN'],
          pid: 'host',
          environment: { API_TOKEN: secret },
        }),
      },
    })
    const run = await deploy({
      'compose-file': file,
      'project-name': name,
      checks: stringify([{ url: `http://127.0.0.1:${port}/`, service: 'risky' }]),
      timeout: '30s',
      cleanup: 'always',
      'logs-dir': logs,
    })
    expect(run.check('security:capabilities:risky')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('SYS_ADMIN'),
    })
    expect(run.check('security:non-root:risky').status).toBe('warn')
    expect(run.check('security:secrets-env:risky')).toMatchObject({
      status: 'warn',
      evidence: { names: ['API_TOKEN'] },
    })
    expect(JSON.stringify(run.result)).not.toContain(secret)
    const log = await readFile(path.join(logs, `${name}_risky_1.log`), 'utf8')
    expect(log).toContain('token is ***')
    const inspect = await readFile(path.join(logs, `${name}_risky_1.inspect.json`), 'utf8')
    expect(inspect).not.toContain(secret)
    // podman-compose 1.0.3 drops `pid:` (it has no such option): the check follows what podman says.
    const pidMode = (JSON.parse(inspect) as Array<{ HostConfig: { PidMode: string } }>)[0]?.HostConfig.PidMode
    expect(run.check('security:host-pid:risky').status).toBe(pidMode === 'host' ? 'fail' : 'pass')
    expect(podmanLeftovers(name)).toEqual([])
  })

  it('fails a service that never gets healthy, saving its logs and leaving no container, network, volume or pod', async ({
    onTestFinished,
  }) => {
    const port = await freePort()
    const name = project('never', onTestFinished)
    const logs = path.join(root, 'logs-never')
    const file = await composeFile('never', {
      services: {
        web: service('echo never listening; exec sleep 3600', {
          ports: [`127.0.0.1:${port}:8080`],
          volumes: ['data:/data'],
        }),
      },
      volumes: { data: {} },
    })
    const run = await deploy({
      'compose-file': file,
      'project-name': name,
      checks: stringify([{ url: `http://127.0.0.1:${port}/`, service: 'web' }]),
      timeout: '3s',
      'logs-dir': logs,
    })
    expect(run.exitCode).toBe(1)
    expect(run.check('health:web').status).toBe('fail')
    expect(run.ms).toBeLessThan(60_000)
    const saved = await readdir(logs)
    expect(saved).toEqual(expect.arrayContaining([`${name}_web_1.log`, `${name}_web_1.inspect.json`]))
    expect(await readFile(path.join(logs, `${name}_web_1.log`), 'utf8')).toContain('never listening')
    expect(run.check('cleanup')).toMatchObject({ status: 'pass' })
    expect(run.report).toMatchObject({ status: 'failed', logs_dir: logs })
    expect(podmanLeftovers(name)).toEqual([])
  })

  it('fails deploy:up when podman refuses a container, although podman-compose 1.0.3 exits 0', async ({
    onTestFinished,
  }) => {
    const name = project('refused', onTestFinished)
    // An image that is not here, and may not be pulled: podman refuses to create the container.
    const file = await composeFile('refused', {
      services: {
        web: service('exec sleep 3600', { image: 'localhost/pf-not-built:1', pull_policy: 'never' }),
      },
    })
    // The pod newer podman-compose runs a project in (pod_<project>), as a failed down would leave it:
    // the cleanup must find it and remove it too.
    const pod = spawnSync('podman', ['pod', 'create', '--infra=false', '--name', `pod_${name}`], {
      encoding: 'utf8',
    })
    expect(pod.status, pod.stderr).toBe(0)
    const run = await deploy({
      'compose-file': file,
      'project-name': name,
      'deploy-retries': '0',
      'logs-dir': path.join(root, 'logs-refused'),
    })
    expect(run.exitCode).toBe(1)
    expect(run.check('deploy:up')).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(/exit \d+: .*image not known/s),
    })
    expect(run.result.checks.some((c) => c.id.startsWith('health:'))).toBe(false)
    expect(run.check('cleanup').status).toBe('pass')
    expect(podmanLeftovers(name)).toEqual([])
  })
})

describe('the action bundle on podman', () => {
  it('post step: removes a podman-compose stack whose main step never settled, saving its logs first', async ({
    onTestFinished,
  }) => {
    const port = await freePort()
    const name = project('post', onTestFinished)
    const file = await composeFile('post', {
      services: {
        web: service('echo serving; exec httpd -f -p 8080 -h /www', { ports: [`127.0.0.1:${port}:8080`] }),
      },
    })
    const up = spawnSync('podman-compose', ['-p', name, '-f', file, 'up', '-d'], { encoding: 'utf8' })
    expect(up.status, up.stderr).toBe(0)
    expect(podmanLeftovers(name)).toEqual([`container ${name}_web_1`, `network ${name}_default`])
    const logsDir = path.join(root, 'post-logs')
    const state = JSON.stringify({
      engine: 'podman-compose',
      project: name,
      files: [file],
      logsDir,
      cleanup: 'on-failure',
    })
    const post = await runBundle(
      path.join(REPO, 'actions/deploy-healthcheck/dist/post.js'),
      root,
      {},
      {
        env: {
          STATE_deploy: state,
          ...(process.env.CONTAINERS_CONF ? { CONTAINERS_CONF: process.env.CONTAINERS_CONF } : {}),
        },
      },
    )
    expect(post.code, post.log).toBe(0)
    expect(post.log).toContain(`project ${name} removed`)
    expect(podmanLeftovers(name)).toEqual([])
    expect(await readdir(logsDir)).toEqual([`${name}_web_1.inspect.json`, `${name}_web_1.log`])
    expect(await readFile(path.join(logsDir, `${name}_web_1.log`), 'utf8')).toContain('serving')
  })
})

describe('the example stack of the CI job', () => {
  // .github/workflows/ci.yml deploys it with compose v2 on GitHub's runner; here podman-compose builds
  // and deploys the same files (its port is published on 127.0.0.1, which podman-compose supports).
  it('builds (nothing pulled), gets healthy, passes its security rules, and leaves nothing', async ({
    onTestFinished,
  }) => {
    const dir = path.join(root, 'ci-stack')
    await cp(path.join(REPO, 'actions/deploy-healthcheck/examples/ci-stack'), dir, { recursive: true })
    await copyFile('/bin/busybox', path.join(dir, 'busybox'))
    const name = project('example', onTestFinished)
    const run = await deploy({
      'compose-file': path.join(dir, 'compose.yml'),
      'project-name': name,
      build: 'true',
      checks: stringify([{ url: 'http://127.0.0.1:18080/', service: 'web', body: 'ok' }]),
      'allowed-ports': '18080',
      cleanup: 'always',
      timeout: '60s',
      'logs-dir': path.join(root, 'logs-example'),
    })
    expect(run.exitCode, JSON.stringify(run.result.checks, null, 1)).toBe(0)
    expect(run.report).toMatchObject({ status: 'success', services: { web: { status: 'healthy' } } })
    for (const rule of ['non-root', 'limits', 'read-only-rootfs', 'ports'])
      expect(run.check(`security:${rule}:web`).status, rule).toBe('pass')
    expect(run.check('health:migrate').status).toBe('pass')
    expect(podmanLeftovers(name)).toEqual([])
  })
})

describe('engine detection with podman installed and no docker compose v2', () => {
  let saved: string | undefined
  let bin: string
  beforeAll(async () => {
    saved = process.env.PATH
    bin = await mkdtemp(path.join(os.tmpdir(), 'pf-detect-podman-'))
  })
  afterAll(async () => {
    process.env.PATH = saved
    await rm(bin, { recursive: true, force: true })
  })

  // The real programs, linked into a folder that is the whole PATH: which of them exist is the test's choice.
  async function onPath(...tools: string[]): Promise<void> {
    for (const tool of tools) {
      const real = spawnSync('which', [tool], { encoding: 'utf8' }).stdout.trim()
      if (!real) throw new Error(`${tool} is not installed`)
      await symlink(real, path.join(bin, tool)).catch(() => undefined)
    }
    process.env.PATH = bin
  }

  it('prefers docker-compose v1 over podman, and takes podman compose or podman-compose when v1 is absent too', async () => {
    // No docker on PATH: no compose v2 plugin to find first (src/__tests__/detect.test.ts covers that).
    await onPath('docker-compose', 'podman', 'podman-compose')
    expect(await detectCompose('auto', new AbortController().signal)).toMatchObject({
      name: 'docker-compose',
    })

    await rm(path.join(bin, 'docker-compose'))
    // podman has `podman compose` from 4.7 on (here 4.3: none); it runs the podman-compose on PATH.
    const podmanCompose = spawnSync('podman', ['compose', 'version'], { stdio: 'ignore' }).status === 0
    const cli = await detectCompose('auto', new AbortController().signal)
    if (podmanCompose) {
      expect(cli).toMatchObject({ name: 'podman', prefix: ['compose'], containers: 'podman' })
      return
    }
    expect(cli).toMatchObject({ name: 'podman-compose', containers: 'podman', jsonPs: false })
    // Its own version line, not the podman command it echoes first.
    expect(cli.version).toMatch(/^podman-composer? version:? 1\.\d+\.\d+$/)
    await expect(detectCompose('podman', new AbortController().signal)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      field: 'engine',
    })
  })
})
