// deploy-healthcheck against a real Docker Engine and compose v1 (docker-compose) here, or compose v2
// (POSTFLIGHT_TEST_COMPOSE_ENGINE=compose-v2, as on GitHub's runners): images built FROM scratch with
// busybox, every service on the host network and reached on 127.0.0.1 only. Every test removes its
// project when it ends, whatever its assertions said.
import { spawnSync } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { RawInputs } from '@postflight/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { type DeployRun, runDeploy } from './deploy-run.ts'
import { composeUnderTest, removeDockerProject } from './helpers/compose-engine.ts'
import { buildBusyboxImage, ensureDocker } from './helpers/docker.ts'
import { freePort } from './registries/free-port.ts'

const IMAGE = 'pf-deploy-engine:1'
const COMPOSE = composeUnderTest()
// A CGI answering 503 to its first two requests, then 200: a service that is up but not ready yet.
const FLAKY_CGI = `#!/bin/sh
n=$(cat /tmp/count 2>/dev/null || echo 0)
n=$((n + 1))
echo $n > /tmp/count
if [ $n -le 2 ]; then
  printf 'HTTP/1.1 503 Service Unavailable\\r\\nContent-Type: text/plain\\r\\n\\r\\nwarming up\\n'
else
  printf 'HTTP/1.1 200 OK\\r\\nContent-Type: text/plain\\r\\n\\r\\nready\\n'
fi
`
let root: string

beforeAll(async () => {
  await ensureDocker()
  await buildBusyboxImage(IMAGE, { '/www/index.html': 'ok\n', '/www/cgi-bin/flaky': FLAKY_CGI }, [
    'RUN mkdir -p /tmp && chmod 1777 /tmp',
  ])
  // Two versions of one image, told apart by their tag as a release pipeline would tag them.
  await buildBusyboxImage('pf-deploy-rb:good', { '/www/index.html': 'good\n' }, [
    'CMD ["sh", "-c", "exec httpd -f -p 127.0.0.1:$PORT -h /www"]',
  ])
  await buildBusyboxImage('pf-deploy-rb:broken', {}, ['CMD ["sh", "-c", "echo broken build; exit 1"]'])
  root = await mkdtemp(path.join(os.tmpdir(), 'pf-deploy-engine-'))
})
afterAll(() => rm(root, { recursive: true, force: true }))

// Services stop on SIGKILL: busybox as PID 1 ignores SIGTERM, and every teardown would wait out its grace.
function service(command: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    image: IMAGE,
    network_mode: 'host',
    stop_signal: 'SIGKILL',
    command: ['sh', '-c', command],
    ...extra,
  }
}

async function composeFile(name: string, services: Record<string, unknown>): Promise<string> {
  const file = path.join(root, `${name}.yml`)
  await writeFile(file, stringify({ services }))
  return file
}

function leftovers(project: string): string {
  const r = spawnSync(
    'docker',
    ['ps', '-a', '-q', '--filter', `label=com.docker.compose.project=${project}`],
    {
      encoding: 'utf8',
    },
  )
  return r.stdout.trim()
}

const deploy = (raw: RawInputs): Promise<DeployRun> =>
  runDeploy({
    engine: COMPOSE.input,
    'results-dir': path.join(root, 'results'),
    // Never the default folder under the repository, where it would outlive the test.
    'logs-dir': path.join(root, 'deploy-logs'),
    'backoff-initial': '100ms',
    'backoff-max': '500ms',
    ...raw,
  })

// Compose v1 names a container project_service_1, v2 project-service-1 (GitHub's runners have v2).
const containerName = (project: string, service: string, names: readonly string[]): string =>
  names.find((n) => n.startsWith(`${project}_${service}_1`) || n.startsWith(`${project}-${service}-1`)) ??
  `${project}_${service}_1 (none of: ${names.join(', ')})`

/** A project name that the test removes when it ends (tests run concurrently: no afterEach). */
function project(name: string, onTestFinished: (fn: () => void) => void): string {
  const full = `pfdeploy_${name}_${process.pid}`
  onTestFinished(() => removeDockerProject(full))
  return full
}

// Concurrent: each test has its own project and ports, and most of their time is waiting on compose.
describe.concurrent(`deploy-healthcheck with ${COMPOSE.engine}`, () => {
  it('waits for a slow starter, runs functional checks with its URL, survives a restart, and cleans up', async ({
    onTestFinished,
  }) => {
    const port = await freePort()
    const name = project('slow', onTestFinished)
    const file = await composeFile('slow', {
      web: service(`echo starting; sleep 4; exec httpd -f -p 127.0.0.1:${port} -h /www`),
      migrate: service('echo migrated; exit 0'),
    })
    const run = await deploy({
      'compose-file': file,
      'project-name': name,
      checks: stringify([{ url: `http://127.0.0.1:${port}/`, service: 'web', body: 'ok' }]),
      commands: stringify([
        {
          name: 'fetch',
          run: 'busybox wget -q -O- "$POSTFLIGHT_URL_WEB"',
          'expect-output': '^ok$',
          parallel: true,
        },
        { name: 'url-set', run: `test "$POSTFLIGHT_URL_WEB" = "http://127.0.0.1:${port}/"`, parallel: true },
      ]),
      chaos: 'restart',
      'chaos-service': 'web',
      'chaos-recovery': '20s',
      cleanup: 'always',
      timeout: '30s',
      'allow-host-network': 'true',
      'logs-dir': path.join(root, 'logs-slow'),
    })
    expect(run.exitCode, JSON.stringify(run.result.checks, null, 1)).toBe(0)
    const web = run.check('health:web')
    expect(web.status).toBe('pass')
    expect(web.evidence?.timeToHealthyMs as number).toBeGreaterThanOrEqual(1000)
    // The one-shot job exited 0: success, not a failure.
    expect(run.check('health:migrate').status).toBe('pass')
    expect(run.check('deploy:up').status).toBe('pass')
    expect(run.check('functional:fetch').status).toBe('pass')
    expect(run.check('functional:url-set').status).toBe('pass')
    expect(run.check('chaos:web')).toMatchObject({
      status: 'pass',
      message: expect.stringContaining('recovered'),
    })
    expect(run.check('security:host-network:web').status).toBe('pass')
    expect(run.check('cleanup').status).toBe('pass')
    expect(run.result.metrics?.['containers-total']?.value).toBe(2)
    expect(run.result.metrics?.['containers-running']?.value).toBe(1)
    const memory = containerName(`memory:${name}`, 'web', Object.keys(run.result.metrics ?? {}))
    expect(run.result.metrics?.[memory]?.value).toBeGreaterThan(0)
    expect(run.report).toMatchObject({
      deployment_id: name,
      status: 'success',
      services: { web: { status: 'healthy', health_check_url: `http://127.0.0.1:${port}/` } },
      functional_tests: [expect.objectContaining({ name: 'fetch', status: 'pass' }), expect.anything()],
      container_metrics: { containers_total: 2, containers_running: 1 },
    })
    expect(leftovers(name)).toBe('')
  })

  it('chaos kill: a service whose restart policy brings it back from a crash passes', async ({
    onTestFinished,
  }) => {
    const port = await freePort()
    const name = project('kill', onTestFinished)
    const file = await composeFile('kill', {
      web: service(`echo started; exec httpd -f -p 127.0.0.1:${port} -h /www`, { restart: 'unless-stopped' }),
    })
    const run = await deploy({
      'compose-file': file,
      'project-name': name,
      checks: stringify([{ url: `http://127.0.0.1:${port}/`, service: 'web' }]),
      chaos: 'kill',
      'chaos-recovery': '30s',
      cleanup: 'always',
      timeout: '30s',
      'allow-host-network': 'true',
      'logs-dir': path.join(root, 'logs-kill'),
    })
    expect(run.check('chaos:web')).toMatchObject({
      status: 'pass',
      message: expect.stringMatching(/^web was killed and recovered in \d+ ms$/),
    })
    // The restart policy did it: the log saved at cleanup shows the service started twice.
    const logs = await readdir(path.join(root, 'logs-kill'))
    const web = containerName(name, 'web', logs).replace(/\.(log|inspect\.json)$/, '')
    const log = await readFile(path.join(root, 'logs-kill', `${web}.log`), 'utf8')
    expect(log.match(/started/g)).toHaveLength(2)
    expect(run.exitCode).toBe(0)
    expect(leftovers(name)).toBe('')
  })

  it('chaos kill: a service without a restart policy fails at once, naming that cause', async ({
    onTestFinished,
  }) => {
    const port = await freePort()
    const name = project('kill_no_policy', onTestFinished)
    const file = await composeFile('kill-no-policy', {
      web: service(`exec httpd -f -p 127.0.0.1:${port} -h /www`),
    })
    const run = await deploy({
      'compose-file': file,
      'project-name': name,
      checks: stringify([{ url: `http://127.0.0.1:${port}/`, service: 'web' }]),
      chaos: 'kill',
      'chaos-recovery': '60s',
      timeout: '30s',
      'allow-host-network': 'true',
      'logs-dir': path.join(root, 'logs-kill-no-policy'),
    })
    expect(run.exitCode).toBe(1)
    expect(run.check('chaos:web')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('has no restart policy (restart: no)'),
    })
    // At once, not after the 60 s recovery bound.
    expect(run.ms).toBeLessThan(40_000)
    expect(leftovers(name)).toBe('')
  })

  it('never shows a secret rollback-env value: not in the saved logs, the inspect files or the results', async ({
    onTestFinished,
  }) => {
    const port = await freePort()
    const name = project('rollback_secret', onTestFinished)
    const logs = path.join(root, 'logs-rollback-secret')
    const secret = 'rb-token-5f1c9a0e77'
    // Compose substitutes the variable into the command; the rollback prints it and fails too.
    const file = await composeFile('rollback-secret', {
      web: service('echo "deploying with token $DEPLOY_TOKEN"; exit 1'),
    })
    const run = await deploy({
      'compose-file': file,
      'rollback-env': `DEPLOY_TOKEN=${secret}`,
      'project-name': name,
      checks: stringify([{ kind: 'tcp', host: '127.0.0.1', port, service: 'web' }]),
      timeout: '10s',
      'logs-dir': logs,
    })
    expect(run.check('rollback')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('DEPLOY_TOKEN=***'),
    })
    const saved = await readdir(logs)
    const rolledBack = saved.filter((f) => f.startsWith('rollback-'))
    expect(rolledBack.length).toBeGreaterThanOrEqual(2)
    const log = rolledBack.find((f) => f.endsWith('.log')) as string
    expect(await readFile(path.join(logs, log), 'utf8')).toContain('deploying with token ***')
    for (const f of saved) expect(await readFile(path.join(logs, f), 'utf8'), f).not.toContain(secret)
    expect(JSON.stringify(run.result)).not.toContain(secret)
    expect(leftovers(name)).toBe('')
  })

  it('fails a service that never gets healthy within the timeout, saving its logs and leaving nothing', async ({
    onTestFinished,
  }) => {
    const port = await freePort()
    const name = project('never', onTestFinished)
    const logs = path.join(root, 'logs-never')
    const file = await composeFile('never', { web: service('echo never listening; exec sleep 3600') })
    const run = await deploy({
      'compose-file': file,
      'project-name': name,
      checks: stringify([{ kind: 'tcp', host: '127.0.0.1', port, service: 'web' }]),
      timeout: '3s',
      'logs-dir': logs,
    })
    expect(run.exitCode).toBe(1)
    expect(run.check('health:web').status).toBe('fail')
    // 3 s of waiting; the rest is compose starting and removing the stack on a shared machine.
    expect(run.ms).toBeLessThan(40_000)
    // on-failure (the default): saved, then removed, then proven gone.
    const saved = await readdir(logs)
    const web = containerName(name, 'web', saved).replace(/\.(log|inspect\.json)$/, '')
    expect(saved).toEqual(expect.arrayContaining([`${web}.log`, `${web}.inspect.json`]))
    expect(await readFile(path.join(logs, `${web}.log`), 'utf8')).toContain('never listening')
    expect(run.check('cleanup').status).toBe('pass')
    expect(run.report).toMatchObject({ status: 'failed', logs_dir: logs })
    expect(leftovers(name)).toBe('')
  })

  it('fails a crash-looping service at once instead of waiting out the timeout', async ({
    onTestFinished,
  }) => {
    const port = await freePort()
    const name = project('crash', onTestFinished)
    const file = await composeFile('crash', {
      web: service('echo crashing; exit 3', { restart: 'always' }),
      broken: service('echo bad config; exit 4'),
    })
    const run = await deploy({
      'compose-file': file,
      'project-name': name,
      checks: stringify([{ kind: 'tcp', host: '127.0.0.1', port, service: 'web' }]),
      timeout: '120s',
      'logs-dir': path.join(root, 'logs-crash'),
    })
    expect(run.exitCode).toBe(1)
    const web = run.check('health:web')
    expect(web).toMatchObject({ status: 'fail', evidence: expect.objectContaining({ status: 'dead' }) })
    expect(web.message).toMatch(/restart/)
    expect(run.check('health:broken')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('exited with code 4'),
    })
    // Far sooner than the 120 s timeout: the watch saw the restarts.
    expect(run.ms).toBeLessThan(45_000)
    expect(leftovers(name)).toBe('')
  })

  it('fails a service no check watches when it crashes just after the others are healthy', async ({
    onTestFinished,
  }) => {
    const port = await freePort()
    const name = project('unchecked', onTestFinished)
    const file = await composeFile('unchecked', {
      web: service(`exec httpd -f -p 127.0.0.1:${port} -h /www`),
      worker: service('echo working; sleep 2; echo lost the queue; exit 5'),
    })
    try {
      const run = await deploy({
        'compose-file': file,
        'project-name': name,
        checks: stringify([{ url: `http://127.0.0.1:${port}/`, service: 'web' }]),
        timeout: '30s',
        'logs-dir': path.join(root, 'logs-unchecked'),
      })
      expect(run.check('health:web').status).toBe('pass')
      expect(run.check('health:worker')).toMatchObject({
        status: 'fail',
        message: expect.stringContaining('exited with code 5'),
      })
      expect(run.exitCode).toBe(1)
      expect(leftovers(name)).toBe('')
    } finally {
      COMPOSE.run(['-p', name, '-f', file, 'down', '-v', '-t', '1'])
    }
  })

  it('passes a service that answers 503 before 200, counting the attempts', async ({ onTestFinished }) => {
    const port = await freePort()
    const name = project('flaky', onTestFinished)
    const file = await composeFile('flaky', { web: service(`exec httpd -f -p 127.0.0.1:${port} -h /www`) })
    const run = await deploy({
      'compose-file': file,
      'project-name': name,
      checks: stringify([
        { name: 'ready', url: `http://127.0.0.1:${port}/cgi-bin/flaky`, service: 'web', body: 'ready' },
        // Run inside the service's container through the engine's exec.
        {
          name: 'inside',
          kind: 'command',
          run: 'test -f /www/cgi-bin/flaky && test ! -f /etc/passwd',
          container: 'web',
          service: 'web',
        },
      ]),
      timeout: '30s',
      cleanup: 'always',
      'logs-dir': path.join(root, 'logs-flaky'),
    })
    const ready = run.check('health:ready')
    expect(ready.status, ready.message).toBe('pass')
    expect(ready.attempts).toBeGreaterThanOrEqual(3)
    expect(ready.evidence?.lastResponse).toMatchObject({ status: 200 })
    expect(run.check('health:inside').status).toBe('pass')
    expect(leftovers(name)).toBe('')
  })

  it('rolls back to the previous version when the new one fails, and says so', async ({ onTestFinished }) => {
    const port = await freePort()
    const name = project('rollback', onTestFinished)
    const broken = await composeFile('v2', { web: service('echo v2 cannot start; exit 1') })
    const previous = await composeFile('v1', { web: service(`exec httpd -f -p 127.0.0.1:${port} -h /www`) })
    try {
      const run = await deploy({
        'compose-file': broken,
        'rollback-compose-file': previous,
        'project-name': name,
        checks: stringify([{ url: `http://127.0.0.1:${port}/`, service: 'web' }]),
        timeout: '10s',
        'logs-dir': path.join(root, 'logs-rollback'),
      })
      expect(run.exitCode).toBe(1)
      expect(run.check('health:web').status).toBe('fail')
      expect(run.check('rollback')).toMatchObject({
        status: 'pass',
        message: expect.stringContaining('rolled back'),
      })
      expect(run.report).toMatchObject({
        status: 'rolled_back',
        rollback: { attempted: true, succeeded: true },
      })
      // The previous version is what runs now, under the same project.
      const response = await fetch(`http://127.0.0.1:${port}/`)
      expect(await response.text()).toBe('ok\n')
      expect(leftovers(name)).not.toBe('')
    } finally {
      COMPOSE.run(['-p', name, '-f', previous, 'down', '-v', '-t', '1'])
    }
    expect(leftovers(name)).toBe('')
  })

  it('removes a rollback that fails too, saving its logs beside the failed version', async ({
    onTestFinished,
  }) => {
    const port = await freePort()
    const name = project('rollback_fails', onTestFinished)
    const logs = path.join(root, 'logs-rollback-fails')
    const broken = await composeFile('v3', { web: service('echo v3 cannot start; exit 1') })
    const previous = await composeFile('v2-broken', { web: service('echo previous is broken too; exit 2') })
    try {
      const run = await deploy({
        'compose-file': broken,
        'rollback-compose-file': previous,
        'project-name': name,
        checks: stringify([{ url: `http://127.0.0.1:${port}/`, service: 'web' }]),
        timeout: '10s',
        'logs-dir': logs,
      })
      expect(run.exitCode).toBe(1)
      expect(run.check('rollback')).toMatchObject({
        status: 'fail',
        message: expect.stringContaining('the rollback stack was removed'),
      })
      expect(run.report).toMatchObject({ status: 'failed', rollback: { attempted: true, succeeded: false } })
      // Nothing of either version is left running on the runner.
      expect(leftovers(name)).toBe('')
      const saved = await readdir(logs)
      const web = containerName(name, 'web', saved).replace(/\.(log|inspect\.json)$/, '')
      expect(saved).toEqual(expect.arrayContaining([`${web}.log`, `rollback-${web}.log`]))
      expect(await readFile(path.join(logs, `${web}.log`), 'utf8')).toContain('v3 cannot start')
      expect(await readFile(path.join(logs, `rollback-${web}.log`), 'utf8')).toContain(
        'previous is broken too',
      )
    } finally {
      COMPOSE.run(['-p', name, '-f', previous, 'down', '-v', '-t', '1'])
    }
  })

  it('refuses a logs-dir it could not save in before deploying, naming the input, and leaves nothing', async ({
    onTestFinished,
  }) => {
    const port = await freePort()
    const name = project('bad_logs_dir', onTestFinished)
    const notAFolder = path.join(root, 'logs-dir-is-a-file')
    await writeFile(notAFolder, 'a file, not a folder\n')
    const file = await composeFile('bad-logs-dir', {
      web: service(`exec httpd -f -p 127.0.0.1:${port} -h /www`),
    })
    try {
      const run = await deploy({
        'compose-file': file,
        'project-name': name,
        checks: stringify([{ url: `http://127.0.0.1:${port}/missing`, service: 'web' }]),
        attempts: '1',
        timeout: '10s',
        'logs-dir': path.join(notAFolder, 'logs'),
      })
      expect(run.exitCode).toBe(2)
      expect(run.error?.message).toMatch(/input 'logs-dir'/)
      expect(leftovers(name)).toBe('')
    } finally {
      COMPOSE.run(['-p', name, '-f', file, 'down', '-v', '-t', '1'])
    }
  })

  it.for([
    ['env-file', { 'env-file': '/nonexistent/deploy.env' }],
    ['rollback-compose-file', { 'rollback-compose-file': '/nonexistent/previous.yml' }],
    ['chaos-service', { chaos: 'restart', 'chaos-service': 'no-such-service' }],
  ] as const)(
    'refuses a missing or unknown %s before deploying, naming the input',
    async ([field, extra], { onTestFinished }) => {
      const port = await freePort()
      const name = project(`missing_${field.replace(/-/g, '_')}`, onTestFinished)
      const file = await composeFile(`missing-${field}`, {
        web: service(`exec httpd -f -p 127.0.0.1:${port} -h /www`),
      })
      try {
        const run = await deploy({ 'compose-file': file, 'project-name': name, timeout: '10s', ...extra })
        expect(run.exitCode).toBe(2)
        expect(run.error?.message).toContain(`input '${field}'`)
        expect(leftovers(name)).toBe('')
      } finally {
        COMPOSE.run(['-p', name, '-f', file, 'down', '-v', '-t', '1'])
      }
    },
  )

  // `privileged: true` cannot start in this sandbox (runc may not apply the capabilities); the
  // privileged rule is covered on inspect output in src/__tests__/runtime-rules.test.ts.
  it('flags a root container with SYS_ADMIN, host PID and secrets in its environment, never showing a value', async ({
    onTestFinished,
  }) => {
    const port = await freePort()
    const name = project('security', onTestFinished)
    const logs = path.join(root, 'logs-security')
    const secret = 'hunter2-do-not-print'
    const file = await composeFile('security', {
      // $$: the container's shell expands it, not compose. A service that prints its own secret.
      risky: service(`echo "token is $$API_TOKEN"; exec httpd -f -p 127.0.0.1:${port} -h /www`, {
        cap_add: ['SYS_ADMIN'],
        pid: 'host',
        environment: { API_TOKEN: secret, GREETING: 'hello' },
      }),
      tidy: service('exec sleep 3600', { user: '1000:1000', read_only: true, mem_limit: '64m', cpus: 0.5 }),
    })
    const run = await deploy({
      'compose-file': file,
      'project-name': name,
      checks: stringify([{ url: `http://127.0.0.1:${port}/`, service: 'risky' }]),
      timeout: '20s',
      cleanup: 'always',
      'logs-dir': logs,
    })
    expect(run.check('deploy:up').status, run.check('deploy:up').message).toBe('pass')
    expect(run.exitCode).toBe(1)
    expect(run.check('security:privileged:risky').status).toBe('pass')
    expect(run.check('security:capabilities:risky')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('SYS_ADMIN'),
    })
    expect(run.check('security:host-pid:risky').status).toBe('fail')
    expect(run.check('security:non-root:risky').status).toBe('warn')
    expect(run.check('security:host-network:risky').status).toBe('warn')
    expect(run.check('security:secrets-env:risky')).toMatchObject({
      status: 'warn',
      evidence: { names: ['API_TOKEN'] },
    })
    for (const rule of [
      'non-root',
      'privileged',
      'capabilities',
      'host-pid',
      'limits',
      'read-only-rootfs',
      'secrets-env',
    ])
      expect(run.check(`security:${rule}:tidy`).status, rule).toBe('pass')
    expect(run.report).toMatchObject({ security_validation: { failures: 2 } })
    expect(JSON.stringify(run.result)).not.toContain(secret)
    const risky = containerName(name, 'risky', await readdir(logs)).replace(/\.(log|inspect\.json)$/, '')
    const inspect = await readFile(path.join(logs, `${risky}.inspect.json`), 'utf8')
    expect(inspect).toContain('API_TOKEN=***')
    expect(inspect).not.toContain(secret)
    const log = await readFile(path.join(logs, `${risky}.log`), 'utf8')
    expect(log).toContain('token is ***')
    expect(log).not.toContain(secret)
    expect(leftovers(name)).toBe('')
  })

  it('derives checks from the compose file: a service with a healthcheck is healthy through its container', async ({
    onTestFinished,
  }) => {
    const port = await freePort()
    const name = project('derived', onTestFinished)
    const file = await composeFile('derived', {
      web: service(`exec httpd -f -p 127.0.0.1:${port} -h /www`, {
        healthcheck: {
          test: ['CMD', 'wget', '-q', '-O-', `http://127.0.0.1:${port}/`],
          interval: '1s',
          retries: 30,
        },
      }),
    })
    const run = await deploy({
      'compose-file': file,
      'project-name': name,
      timeout: '30s',
      cleanup: 'always',
      'logs-dir': path.join(root, 'logs-derived'),
    })
    expect(run.check('health:web')).toMatchObject({
      status: 'pass',
      evidence: expect.objectContaining({ kind: 'container' }),
    })
    expect(run.check('cleanup').status).toBe('pass')
    expect(leftovers(name)).toBe('')
  })

  it('fails deploy:up after its retries when the stack cannot start, and still cleans up', async ({
    onTestFinished,
  }) => {
    const name = project('noimage', onTestFinished)
    const file = await composeFile('noimage', {
      web: { image: 'pf-deploy-engine:does-not-exist', network_mode: 'host' },
    })
    const run = await deploy({
      'compose-file': file,
      'project-name': name,
      'deploy-retries': '1',
      'logs-dir': path.join(root, 'logs-noimage'),
    })
    expect(run.exitCode).toBe(1)
    expect(run.check('deploy:up')).toMatchObject({ status: 'fail', attempts: 2 })
    expect(run.result.checks.some((c) => c.id.startsWith('health:'))).toBe(false)
    expect(run.check('cleanup').status).toBe('pass')
    expect(run.report).toMatchObject({ status: 'failed' })
  })

  it('rolls back to the previous image tag with rollback-env, over the env-file of the failed one', async ({
    onTestFinished,
  }) => {
    const port = await freePort()
    const name = project('rollback_tag', onTestFinished)
    const file = await composeFile('tagged', {
      web: {
        image: 'pf-deploy-rb:$APP_TAG',
        network_mode: 'host',
        stop_signal: 'SIGKILL',
        environment: { PORT: port },
      },
    })
    const envFile = path.join(root, 'tagged.env')
    await writeFile(envFile, 'APP_TAG=broken\n')
    try {
      const run = await deploy({
        'compose-file': file,
        'env-file': envFile,
        'rollback-env': 'APP_TAG=good',
        'project-name': name,
        checks: stringify([{ url: `http://127.0.0.1:${port}/`, service: 'web' }]),
        timeout: '10s',
        'logs-dir': path.join(root, 'logs-rollback-tag'),
      })
      expect(run.check('health:web')).toMatchObject({
        status: 'fail',
        message: expect.stringContaining('exited with code 1'),
      })
      expect(run.check('rollback')).toMatchObject({
        status: 'pass',
        message: expect.stringContaining('APP_TAG=good'),
      })
      expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('good\n')
    } finally {
      COMPOSE.run(['-p', name, '-f', file, '--env-file', envFile, 'down', '-v', '-t', '1'])
    }
    expect(leftovers(name)).toBe('')
  })
})
