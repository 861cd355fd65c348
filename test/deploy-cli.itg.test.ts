// `postflight deploy` and `postflight health` as users run them: the action's inputs as flags, and
// --check URL; a deployment interrupted by SIGTERM still saves its logs and removes its stack.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { removeDockerProject } from './helpers/compose-engine.ts'
import { buildBusyboxImage, ensureDocker } from './helpers/docker.ts'
import { NODE24, REPO } from './helpers/paths.ts'
import { freePort } from './registries/free-port.ts'

const BIN = path.join(REPO, 'packages/cli/src/bin.ts')
const IMAGE = 'pf-deploy-cli:1'
let root: string
let server: Server
let serverPort: number

// Asynchronous: the loopback server the health checks call lives in this process.
async function cli(args: string[]): Promise<{ code: number | null; out: string }> {
  const child = spawn(NODE24, [BIN, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout.on('data', (d) => {
    out += d
  })
  child.stderr.on('data', (d) => {
    out += d
  })
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  return { code, out }
}

const containers = (project: string, ...filters: string[]): string =>
  spawnSync(
    'docker',
    [
      'ps',
      '-a',
      '-q',
      '--filter',
      `label=com.docker.compose.project=${project}`,
      ...filters.flatMap((f) => ['--filter', f]),
    ],
    { encoding: 'utf8' },
  ).stdout.trim()

// Compose v1 names a container project_service_1, v2 project-service-1 (GitHub's runners have v2).
const containerName = (project: string, service: string, names: readonly string[]): string =>
  names.find((n) => n.startsWith(`${project}_${service}_1`) || n.startsWith(`${project}-${service}-1`)) ??
  `${project}_${service}_1 (none of: ${names.join(', ')})`

beforeAll(async () => {
  await ensureDocker()
  await buildBusyboxImage(IMAGE)
  root = await mkdtemp(path.join(os.tmpdir(), 'pf-deploy-cli-'))
  server = createServer((_req, res) => res.end('up\n'))
  serverPort = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  )
})
afterAll(async () => {
  server.close()
  await rm(root, { recursive: true, force: true })
})

describe('postflight health', () => {
  it('passes a running endpoint given with --check', async () => {
    const r = await cli([
      'health',
      '--check',
      `http://127.0.0.1:${serverPort}/`,
      '--results-dir',
      'health-ok',
    ])
    expect(r.code, r.out).toBe(0)
    const [file] = await readdir(path.join(root, 'health-ok'))
    const result = JSON.parse(await readFile(path.join(root, 'health-ok', file as string), 'utf8'))
    expect(result.checks[0]).toMatchObject({ id: `health:127.0.0.1:${serverPort}`, status: 'pass' })
  })

  it('fails an endpoint nothing answers within --timeout, and names a bad duration', async () => {
    const port = await freePort()
    const r = await cli([
      'health',
      '--check',
      `tcp://127.0.0.1:${port}`,
      '--timeout',
      '1s',
      '--results-dir',
      'health-bad',
    ])
    expect(r.code, r.out).toBe(1)
    const bad = await cli(['health', '--check', `tcp://127.0.0.1:${port}`, '--timeout', 'soon'])
    expect(bad.code).toBe(2)
    expect(bad.out).toContain('--timeout')
  })
})

describe('postflight deploy', () => {
  it('lists the inputs as flags, --check among them', async () => {
    const r = await cli(['deploy', '--help'])
    expect(r.code).toBe(0)
    for (const flag of ['--compose-file', '--check', '--cleanup', '--rollback-compose-file', '--logs-dir'])
      expect(r.out).toContain(flag)
  })

  it('ties --check to the stack of one service, so its crash fails the check at once', async ({
    onTestFinished,
  }) => {
    const port = await freePort()
    const project = `pfdeploy_crashcli_${process.pid}`
    onTestFinished(() => removeDockerProject(project))
    const file = path.join(root, 'crash.yml')
    await writeFile(
      file,
      stringify({
        services: {
          web: {
            image: IMAGE,
            network_mode: 'host',
            command: ['sh', '-c', 'echo cannot read config; exit 2'],
          },
        },
      }),
    )
    const started = Date.now()
    const r = await cli([
      'deploy',
      '--compose-file',
      file,
      '--project-name',
      project,
      '--check',
      `http://127.0.0.1:${port}/`,
      '--timeout',
      '2m',
      '--json',
    ])
    expect(r.code, r.out).toBe(1)
    expect(Date.now() - started).toBeLessThan(60_000)
    const result = JSON.parse(r.out.slice(r.out.indexOf('{\n')))
    const health = result.checks.find((c: { id: string }) => c.id === `health:127.0.0.1:${port}`)
    expect(health).toMatchObject({ status: 'fail', message: expect.stringContaining('exited with code 2') })
    expect(containers(project)).toBe('')
  })

  it('cleans up after SIGTERM: logs saved, nothing of the project left, the result marked cancelled', async ({
    onTestFinished,
  }) => {
    const port = await freePort()
    const project = `pfdeploy_sigterm_${process.pid}`
    onTestFinished(() => removeDockerProject(project))
    const file = path.join(root, 'sigterm.yml')
    await writeFile(
      file,
      stringify({
        services: {
          web: {
            image: IMAGE,
            network_mode: 'host',
            stop_signal: 'SIGKILL',
            command: ['sh', '-c', 'echo waiting forever; exec sleep 3600'],
          },
        },
      }),
    )
    const child = spawn(
      NODE24,
      [
        BIN,
        'deploy',
        '--compose-file',
        file,
        '--project-name',
        project,
        '--check',
        `tcp://127.0.0.1:${port}`,
        '--timeout',
        '2m',
        '--logs-dir',
        'logs',
        '--results-dir',
        'results',
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let out = ''
    child.stdout.on('data', (d) => {
      out += d
    })
    child.stderr.on('data', (d) => {
      out += d
    })
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
    // Interrupted while it waits for health: the container runs, the check can never pass.
    const deadline = Date.now() + 30_000
    while (containers(project, 'status=running') === '' && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200))
    expect(containers(project, 'status=running'), out).not.toBe('')
    await new Promise((r) => setTimeout(r, 500))
    child.kill('SIGTERM')
    const code = await exited
    expect(code, out).toBe(2)
    expect(containers(project)).toBe('')
    const result = JSON.parse(
      await readFile(
        path.join(root, 'results', (await readdir(path.join(root, 'results')))[0] as string),
        'utf8',
      ),
    )
    expect(result.partial).toBe(true)
    expect(result.checks.map((c: { id: string }) => c.id)).toEqual(
      expect.arrayContaining(['cleanup', 'cancelled']),
    )
    expect(result.checks.find((c: { id: string }) => c.id === 'cleanup').status).toBe('pass')
    const web = containerName(project, 'web', await readdir(path.join(root, 'logs')))
    expect(web).toMatch(/\.log$|\.inspect\.json$/)
    expect(
      await readFile(path.join(root, 'logs', web.replace(/\.inspect\.json$/, '.log')), 'utf8'),
    ).toContain('waiting forever')
  })
})
