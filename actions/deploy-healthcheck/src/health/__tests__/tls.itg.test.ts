import { execFileSync } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:https'
import os from 'node:os'
import path from 'node:path'
import { isPostflightError } from '@postflight/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HealthChecksInput } from '../input.ts'
import { runHealthChecks } from '../run.ts'

let dir: string
let server: Server
let port: number
// A second server whose certificate names localhost only (no IP address).
let nameOnly: Server
let nameOnlyPort: number

function makeCert(name: string, san: string): void {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.pem`,
      '-days',
      '2',
    ].concat(['-subj', '/CN=postflight test', '-addext', `subjectAltName=${san}`]),
    { cwd: dir, stdio: 'ignore' },
  )
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'postflight-tls-'))
  // Self-signed certificates, made by openssl as an operator would.
  makeCert('both', 'IP:127.0.0.1,DNS:localhost')
  makeCert('name', 'DNS:localhost')
  server = createServer(
    { key: await readFile(path.join(dir, 'both.key')), cert: await readFile(path.join(dir, 'both.pem')) },
    (_req, res) => res.end('secure ok'),
  )
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  port = (server.address() as { port: number }).port
  nameOnly = createServer(
    { key: await readFile(path.join(dir, 'name.key')), cert: await readFile(path.join(dir, 'name.pem')) },
    (_req, res) => res.end('named'),
  )
  await new Promise<void>((resolve) => nameOnly.listen(0, '127.0.0.1', () => resolve()))
  nameOnlyPort = (nameOnly.address() as { port: number }).port
})

afterAll(async () => {
  for (const s of [server, nameOnly]) {
    s.closeAllConnections()
    await new Promise<void>((resolve) => s.close(() => resolve()))
  }
  await rm(dir, { recursive: true, force: true })
})

describe('HTTPS checks against a self-signed certificate', () => {
  it('pass with the certificate as ca-file, by IP and by localhost', async () => {
    const caFile = path.join(dir, 'both.pem')
    const results = await runHealthChecks(
      HealthChecksInput.parse([
        { url: `https://127.0.0.1:${port}/`, 'ca-file': caFile },
        { url: `https://localhost:${port}/`, 'ca-file': caFile },
      ]),
      { timeoutMs: 5000 },
    )
    expect(results.map((r) => [r.status, r.lastResponse?.body])).toEqual([
      ['healthy', 'secure ok'],
      ['healthy', 'secure ok'],
    ])
  })

  it('check the certificate against the host in the URL, not the address connected to', async () => {
    const caFile = path.join(dir, 'name.pem')
    const [byName, byIp] = await runHealthChecks(
      HealthChecksInput.parse([
        { url: `https://localhost:${nameOnlyPort}/`, 'ca-file': caFile },
        { url: `https://127.0.0.1:${nameOnlyPort}/`, 'ca-file': caFile, attempts: 1 },
      ]),
      { timeoutMs: 5000 },
    )
    expect(byName).toMatchObject({ status: 'healthy', lastResponse: { body: 'named' } })
    expect(byIp?.status).toBe('unhealthy')
    expect(byIp?.message).toMatch(/ERR_TLS_CERT_ALTNAME_INVALID.*IP: 127\.0\.0\.1 is not in the cert's list/)
  })

  it('fail without it, saying why', async () => {
    const [result] = await runHealthChecks(
      HealthChecksInput.parse([{ url: `https://127.0.0.1:${port}/`, attempts: 1 }]),
    )
    expect(result?.status).toBe('unhealthy')
    expect(result?.lastResponse?.error).toMatch(/self[- ]signed certificate/)
  })

  it('pass with insecure: true, which has to be asked for', async () => {
    const [result] = await runHealthChecks(
      HealthChecksInput.parse([{ url: `https://127.0.0.1:${port}/`, insecure: true }]),
    )
    expect(result).toMatchObject({ status: 'healthy', lastResponse: { status: 200 } })
    expect(HealthChecksInput.parse([{ url: `https://127.0.0.1:${port}/` }])[0]).toMatchObject({
      insecure: false,
    })
  })

  it('refuse to start with a ca-file that cannot be read, naming it', async () => {
    const missing = path.join(dir, 'missing.pem')
    const err = await runHealthChecks(
      HealthChecksInput.parse([{ url: `https://127.0.0.1:${port}/`, 'ca-file': missing }]),
    ).catch((e: unknown) => e)
    expect(isPostflightError(err, 'BAD_INPUT')).toBe(true)
    expect((err as Error).message).toContain(missing)
  })
})
