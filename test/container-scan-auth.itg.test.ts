// container-scan against registries that ask for credentials: a token service (Bearer challenges,
// as Docker Hub and GHCR answer) and htpasswd (Basic); credentials from the inputs or from docker's
// config.json, and never in a log or the results file.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { scanSpec } from '@postflight/container-scan'
import { type Check, executeSuite } from '@postflight/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  baseLayer,
  pushLayout,
  releaseConfig,
  type WrittenLayout,
  writeImageLayout,
} from './helpers/oci-images.ts'
import { DockerRegistry } from './registries/docker-registry.ts'
import { freePort, waitForHttp } from './registries/free-port.ts'
import { TokenService } from './registries/token-service.ts'

const USER = 'ci'
const PASSWORD = 'scan-test-password-3f9a'
const statuses = (checks: readonly Check[]) => Object.fromEntries(checks.map((c) => [c.id, c.status]))

async function scan(tmp: string, raw: Record<string, string>, env: Record<string, string> = {}) {
  const out = await mkdtemp(path.join(tmp, 'run-'))
  const logs: string[] = []
  const saved = { ...process.env }
  Object.assign(process.env, env)
  try {
    const execution = await executeSuite(scanSpec, {
      raw: { 'results-dir': out, ...raw },
      style: 'cli',
      sink: (r) => logs.push(`${r.message} ${JSON.stringify(r.fields ?? {})}`),
    })
    const written = execution.resultsFile ? await readFile(execution.resultsFile, 'utf8') : ''
    return { execution, checks: execution.result.checks, logs: logs.join('\n'), written }
  } finally {
    for (const k of Object.keys(env)) {
      if (saved[k] === undefined) delete process.env[k]
      else process.env[k] = saved[k]
    }
  }
}

async function imageLayout(tmp: string, name: string): Promise<WrittenLayout> {
  return writeImageLayout(path.join(tmp, name), '1.0.0', [
    { os: 'linux', architecture: 'amd64', config: releaseConfig('1.0.0'), layers: [baseLayer()] },
    { os: 'linux', architecture: 'arm64', config: releaseConfig('1.0.0'), layers: [baseLayer()] },
  ])
}

describe('container-scan through a token service (Bearer)', () => {
  const tokens = new TokenService({ user: USER, password: PASSWORD, privateRepos: ['acme/private'] })
  const registry = new DockerRegistry()
  let tmp: string

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'scan-auth-'))
    await registry.start(await tokens.start())
    const layout = await imageLayout(tmp, 'layout')
    await pushLayout(layout, registry.host, 'acme/public', '1.0.0', `${USER}:${PASSWORD}`)
    await pushLayout(layout, registry.host, 'acme/private', '1.0.0', `${USER}:${PASSWORD}`)
  }, 60_000)
  afterAll(async () => {
    await registry.stop()
    await tokens.stop()
    await rm(tmp, { recursive: true, force: true })
  })

  it('reads a public image with an anonymous token', async () => {
    tokens.requests.length = 0
    const { checks, execution } = await scan(tmp, {
      image: `${registry.host}/acme/public:1.0.0`,
      platforms: 'linux/arm64',
    })
    expect(statuses(checks)).toMatchObject({
      'platform:linux/arm64': 'pass',
      'inventory:linux/arm64': 'pass',
    })
    expect(execution.exitCode).toBe(0)
    expect(tokens.requests.length).toBeGreaterThan(0)
    expect(tokens.requests.every((r) => r.authorization === undefined)).toBe(true)
    expect(decodeURIComponent(tokens.requests[0]?.query ?? '')).toContain('scope=repository:acme/public:pull')
  })

  it('sends the inputs credentials to the token service only, and keeps them and the token out of every output', async () => {
    tokens.requests.length = 0
    const { checks, execution, logs, written } = await scan(tmp, {
      image: `${registry.host}/acme/private:1.0.0`,
      'registry-username': USER,
      'registry-password': PASSWORD,
    })
    expect(statuses(checks)).toMatchObject({
      'inventory:linux/amd64': 'pass',
      'inventory:linux/arm64': 'pass',
    })
    expect(execution.exitCode).toBe(0)
    const basic = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`
    expect(tokens.requests.map((r) => r.authorization)).toEqual([basic])
    for (const text of [logs, written]) {
      expect(text).not.toContain(PASSWORD)
      expect(text).not.toContain(basic.slice(6))
    }
  })

  it("takes the credentials from docker's config.json (DOCKER_CONFIG)", async () => {
    const config = path.join(tmp, 'docker-config')
    await mkdir(config, { recursive: true })
    const auth = Buffer.from(`${USER}:${PASSWORD}`).toString('base64')
    await writeFile(
      path.join(config, 'config.json'),
      JSON.stringify({ auths: { [registry.host]: { auth } } }),
    )
    const { execution } = await scan(
      tmp,
      { image: `${registry.host}/acme/private:1.0.0` },
      { DOCKER_CONFIG: config },
    )
    expect(execution.exitCode).toBe(0)
  })

  it('could not read a private image without credentials: an error (exit 2), not a failed release', async () => {
    const { execution, written } = await scan(tmp, { image: `${registry.host}/acme/private:1.0.0` })
    expect(execution.exitCode).toBe(2)
    expect(execution.result.status).toBe('error')
    expect(written).toContain('the token obtained was not accepted')
  })
})

describe('container-scan through htpasswd (Basic)', () => {
  let tmp: string
  let host: string
  let child: ChildProcess

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'scan-basic-'))
    // docker-registry reads bcrypt entries only; Python's crypt makes one through libxcrypt.
    const hash = execFileSync(
      'python3',
      [
        '-W',
        'ignore',
        '-c',
        `import crypt; print(crypt.crypt('${PASSWORD}', crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=16)))`,
      ],
      {
        encoding: 'utf8',
      },
    ).trim()
    await writeFile(path.join(tmp, 'htpasswd'), `${USER}:${hash}\n`)
    host = `127.0.0.1:${await freePort()}`
    const config = [
      'version: 0.1',
      'log: { level: error }',
      `storage: { filesystem: { rootdirectory: ${path.join(tmp, 'storage')} } }`,
      `http: { addr: "${host}" }`,
      `auth: { htpasswd: { realm: postflight-test, path: ${path.join(tmp, 'htpasswd')} } }`,
    ].join('\n')
    await writeFile(path.join(tmp, 'config.yml'), `${config}\n`)
    child = spawn('docker-registry', ['serve', path.join(tmp, 'config.yml')], { stdio: 'ignore' })
    await waitForHttp(`http://${host}/v2/`, 20_000)
    await pushLayout(await imageLayout(tmp, 'layout'), host, 'acme/app', '1.0.0', `${USER}:${PASSWORD}`)
  }, 60_000)
  afterAll(async () => {
    const exited = new Promise((r) => child.once('exit', r))
    child.kill('SIGTERM')
    await exited
    await rm(tmp, { recursive: true, force: true })
  })

  it('answers a Basic challenge with the credentials', async () => {
    const { execution, logs, written } = await scan(tmp, {
      image: `${host}/acme/app:1.0.0`,
      'registry-username': USER,
      'registry-password': PASSWORD,
    })
    expect(execution.exitCode).toBe(0)
    expect(execution.result.checks.filter((c) => c.id.startsWith('inventory:')).map((c) => c.status)).toEqual(
      ['pass', 'pass'],
    )
    expect(logs + written).not.toContain(PASSWORD)
  })

  it('says which inputs to set when the registry asks for credentials and has none', async () => {
    const { execution, written } = await scan(tmp, { image: `${host}/acme/app:1.0.0` })
    expect(execution.exitCode).toBe(2)
    expect(written).toContain('set registry-username and registry-password')
  })

  it('could not read with a wrong password, saying which inputs to check, never printing it', async () => {
    const wrong = 'not-the-password-7c1e'
    const { execution, written, logs } = await scan(tmp, {
      image: `${host}/acme/app:1.0.0`,
      'registry-username': USER,
      'registry-password': wrong,
    })
    expect(execution.exitCode).toBe(2)
    expect(written).toContain(
      'the credentials were not accepted (check registry-username and registry-password)',
    )
    expect(written + logs).not.toContain(wrong)
  })
})
