import { mkdtemp, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { attributeChecks } from '../compose/attribute-checks.ts'
import { activeServices, derivedChecks, readComposeServices } from '../compose/compose-file.ts'
import { HealthChecksInput } from '../health/index.ts'

async function files(...texts: string[]): Promise<string[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pf-compose-file-'))
  return Promise.all(
    texts.map(async (text, i) => {
      const file = path.join(dir, `compose-${i}.yml`)
      await writeFile(file, text)
      return file
    }),
  )
}

describe('readComposeServices', () => {
  it('reads published ports in short and long syntax, healthchecks and restart policies', async () => {
    const services = await readComposeServices(
      await files(`
services:
  web:
    image: web
    ports: ["8080:80", "127.0.0.1:8443:443", "9000", "5353:53/udp", { target: 81, published: 8081, host_ip: "::1" }]
    healthcheck: { test: ["CMD", "wget", "-q", "http://localhost/"] }
    restart: always
  db:
    image: postgres
    healthcheck: { test: ["NONE"] }
    network_mode: host
`),
    )
    expect(services).toEqual([
      {
        name: 'web',
        ports: [
          { host: '', port: 8080 },
          { host: '127.0.0.1', port: 8443 },
          { host: '::1', port: 8081 },
        ],
        healthcheck: true,
        restart: 'always',
      },
      { name: 'db', ports: [], healthcheck: false, networkMode: 'host' },
    ])
  })

  it('merges later files over earlier ones, service by service', async () => {
    const services = await readComposeServices(
      await files(
        'services:\n  web: { image: a, ports: ["80:80"] }\n  job: { image: b }\n',
        'services:\n  web: { ports: ["8080:80"] }\n',
      ),
    )
    expect(services.map((s) => [s.name, s.ports])).toEqual([
      ['web', [{ host: '', port: 8080 }]],
      ['job', []],
    ])
  })

  it('names compose-file for a missing file or one without services', async () => {
    await expect(readComposeServices(['/nonexistent/compose.yml'])).rejects.toMatchObject({
      code: 'BAD_INPUT',
      field: 'compose-file',
    })
    await expect(readComposeServices(await files('version: "3"\n'))).rejects.toThrow(/declares no services/)
  })
})

describe('derivedChecks', () => {
  it('checks published ports over TCP (on localhost for a wildcard) and HEALTHCHECKs through the container', async () => {
    const checks = HealthChecksInput.parse(
      derivedChecks([
        { name: 'web', ports: [{ host: '0.0.0.0', port: 8080 }], healthcheck: true },
        { name: 'job', ports: [], healthcheck: false },
      ]),
    )
    expect(checks).toEqual([
      { kind: 'container', name: 'web', service: 'web' },
      { kind: 'tcp', name: 'web-8080', service: 'web', host: 'localhost', port: 8080 },
    ])
  })
})

describe('activeServices', () => {
  const services = [
    { name: 'web', ports: [], healthcheck: false },
    { name: 'debug', ports: [], healthcheck: false, profiles: ['debug'] },
    { name: 'seed', ports: [], healthcheck: false, profiles: ['seed', 'ci'] },
  ]
  it.each([
    [[], {}, ['web']],
    [['debug'], {}, ['web', 'debug']],
    [[], { COMPOSE_PROFILES: 'ci,debug' }, ['web', 'debug', 'seed']],
    [[], { COMPOSE_PROFILES: '*' }, ['web', 'debug', 'seed']],
  ])('with profiles %j and %j starts %j', (profiles, env, names) => {
    expect(activeServices(services, profiles, env).map((s) => s.name)).toEqual(names)
  })
})

describe('attributeChecks', () => {
  const checks = HealthChecksInput.parse([
    'http://localhost:8080/healthz',
    'tcp://127.0.0.1:5432',
    { url: 'http://localhost:9999/', service: 'admin' },
    { kind: 'command', run: 'true' },
  ])

  it('ties a check to the one service publishing its port', () => {
    const services = [
      { name: 'web', ports: [{ host: '', port: 8080 }], healthcheck: false },
      { name: 'db', ports: [{ host: '127.0.0.1', port: 5432 }], healthcheck: false },
      { name: 'admin', ports: [], healthcheck: false },
    ]
    expect(attributeChecks(checks, services).map((c) => c.service)).toEqual(['web', 'db', 'admin', undefined])
  })

  it("ties it to a stack's only service, and leaves it alone when unsure", () => {
    const one = [{ name: 'app', ports: [], healthcheck: false }]
    expect(attributeChecks(checks, one).map((c) => c.service)).toEqual(['app', 'app', 'admin', undefined])
    const two = [...one, { name: 'worker', ports: [], healthcheck: false }]
    expect(attributeChecks(checks, two).map((c) => c.service)).toEqual([
      undefined,
      undefined,
      'admin',
      undefined,
    ])
  })
})
