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

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'postflight-tls-'))
  // A self-signed certificate for 127.0.0.1 and localhost, made by openssl as an operator would.
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'key.pem',
      '-out',
      'cert.pem',
      '-days',
      '2',
      '-subj',
      '/CN=postflight test',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { cwd: dir, stdio: 'ignore' },
  )
  server = createServer(
    { key: await readFile(path.join(dir, 'key.pem')), cert: await readFile(path.join(dir, 'cert.pem')) },
    (_req, res) => res.end('secure ok'),
  )
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  port = (server.address() as { port: number }).port
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  await rm(dir, { recursive: true, force: true })
})

describe('HTTPS checks against a self-signed certificate', () => {
  it('pass with the certificate as ca-file, by IP and by localhost', async () => {
    const caFile = path.join(dir, 'cert.pem')
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
