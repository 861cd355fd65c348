// deploy-healthcheck's postgres and redis checks against a real PostgreSQL 15 cluster and a real
// redis-server, both started here on loopback ports.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  checksFromUrls,
  HealthChecksInput,
  runHealthChecks,
} from '../actions/deploy-healthcheck/src/health/index.ts'
import { makePostgres, type PostgresCluster } from './helpers/postgres.ts'
import { type RedisServer, startRedis } from './helpers/redis.ts'

const PG_PASSWORD = 'pg-Pa55-7d3e91c4'
const REDIS_PASSWORD = 'redis-Pa55-b6a2f018'

describe('postgres checks', () => {
  let pg: PostgresCluster
  beforeAll(async () => {
    pg = await makePostgres(PG_PASSWORD)
  })
  afterAll(async () => {
    await pg?.stop()
  })

  it('log in with the right password and run SELECT 1, from a URL and from fields', async () => {
    const results = await runHealthChecks([
      ...checksFromUrls([pg.url]),
      ...HealthChecksInput.parse([
        {
          kind: 'postgres',
          host: 'localhost',
          port: pg.port,
          user: 'postgres',
          password: PG_PASSWORD,
          database: 'postgres',
        },
      ]),
    ])
    for (const r of results) {
      expect(r).toMatchObject({ status: 'healthy', attempts: 1, lastResponse: { status: 'SELECT 1' } })
      expect(r.lastResponse?.body).toMatch(/^1 \(server \d+\./)
    }
    expect(results[0]?.healthCheckUrl).toBe(`postgres://postgres@127.0.0.1:${pg.port}/postgres`)
  })

  it('fail on a wrong password with a clear message that never shows the password', async () => {
    const wrong = 'not-the-Pa55word'
    const [result] = await runHealthChecks(
      checksFromUrls([`postgres://postgres:${wrong}@127.0.0.1:${pg.port}/postgres`]).map((c) => ({
        ...c,
        attempts: 2,
      })),
      { backoff: { initialMs: 50, maxMs: 50 } },
    )
    expect(result?.status).toBe('unhealthy')
    expect(result?.attempts).toBe(2)
    expect(result?.message).toContain('password authentication failed for user "postgres"')
    expect(result?.message).toContain('SQLSTATE 28P01')
    expect(JSON.stringify(result)).not.toContain(wrong)
    expect(JSON.stringify(result)).not.toContain(PG_PASSWORD)
  })

  it('wait for a server that is not up yet, and pass once it is', async () => {
    const later = await makePostgres(PG_PASSWORD, { start: false })
    try {
      const started = performance.now()
      const starting = new Promise<void>((resolve, reject) =>
        setTimeout(() => later.start().then(resolve, reject), 1000),
      )
      const [result] = await runHealthChecks(
        checksFromUrls([later.url]).map((c) => ({ ...c, attempts: 1 })),
        {
          timeoutMs: 60_000,
        },
      )
      await starting
      expect(result?.status).toBe('healthy')
      // Refusals and "the database system is starting up" are polls, not attempts: one attempt passed.
      expect(result?.attempts).toBe(1)
      expect(result?.timeToHealthyMs).toBeGreaterThanOrEqual(1000)
      expect(performance.now() - started).toBeLessThan(30_000)
    } finally {
      await later.stop()
    }
  })
})

describe('postgres checks over TLS', () => {
  let pg: PostgresCluster & { certFile: string }
  beforeAll(async () => {
    pg = await makePostgres(PG_PASSWORD, { tlsOnly: true })
  })
  afterAll(async () => {
    await pg?.stop()
  })

  it('log in with sslmode=require, and with verify-full against the CA by IP and by name', async () => {
    const ca = encodeURIComponent(pg.certFile)
    const base = `postgres://postgres:${PG_PASSWORD}@`
    const results = await runHealthChecks(
      checksFromUrls([
        `${base}127.0.0.1:${pg.port}/postgres?sslmode=require`,
        `${base}127.0.0.1:${pg.port}/postgres?sslmode=verify-full&sslrootcert=${ca}`,
        `${base}localhost:${pg.port}/postgres?sslmode=verify-full&sslrootcert=${ca}`,
      ]),
      { timeoutMs: 20_000 },
    )
    expect(results.map((r) => [r.status, r.message])).toEqual(
      results.map((_r) => ['healthy', expect.stringContaining('ran SELECT 1')]),
    )
  })

  it('fail without TLS (the server takes TLS logins only) and on an unverified certificate', async () => {
    const base = `postgres://postgres:${PG_PASSWORD}@127.0.0.1:${pg.port}/postgres`
    const results = await runHealthChecks(
      checksFromUrls([base, `${base}?sslmode=verify-full`]).map((c) => ({ ...c, attempts: 1 })),
    )
    expect(results.map((r) => r.status)).toEqual(['unhealthy', 'unhealthy'])
    expect(results[0]?.message).toMatch(/no pg_hba\.conf entry .* no encryption/)
    expect(results[1]?.message).toMatch(/self[- ]signed certificate/)
    expect(JSON.stringify(results)).not.toContain(PG_PASSWORD)
  })
})

describe('redis checks', () => {
  let open: RedisServer
  let locked: RedisServer
  let secure: RedisServer
  beforeAll(async () => {
    ;[open, locked, secure] = await Promise.all([
      startRedis(),
      startRedis(REDIS_PASSWORD),
      startRedis(REDIS_PASSWORD, true),
    ])
  })
  afterAll(async () => {
    await Promise.all([open?.stop(), locked?.stop(), secure?.stop()])
  })

  it('PING answers PONG, with and without a password, also via localhost', async () => {
    const results = await runHealthChecks(
      checksFromUrls([open.url, locked.url, `redis://:${REDIS_PASSWORD}@localhost:${locked.port}/1`]),
    )
    expect(results.map((r) => [r.status, r.lastResponse?.body])).toEqual([
      ['healthy', 'PONG'],
      ['healthy', 'PONG'],
      ['healthy', 'PONG'],
    ])
    expect(results[1]?.healthCheckUrl).toBe(`redis://:***@127.0.0.1:${locked.port}`)
  })

  it('fail with a wrong password or none, without showing it', async () => {
    const wrong = 'wrong-redis-pass'
    const results = await runHealthChecks(
      checksFromUrls([`redis://:${wrong}@127.0.0.1:${locked.port}`, `redis://127.0.0.1:${locked.port}`]).map(
        (c) => ({
          ...c,
          attempts: 1,
        }),
      ),
    )
    expect(results.map((r) => r.status)).toEqual(['unhealthy', 'unhealthy'])
    expect(results[0]?.message).toMatch(/WRONGPASS|invalid password|invalid username-password/)
    expect(results[1]?.message).toMatch(/NOAUTH/)
    expect(JSON.stringify(results)).not.toContain(wrong)
  })

  it('speak TLS on rediss:// with the server certificate as ca-file, by IP and by name; insecure is opt-in', async () => {
    const localhost = (secure.url as string).replace('127.0.0.1', 'localhost')
    const caFile = secure.certFile as string
    const results = await runHealthChecks(
      HealthChecksInput.parse([
        { url: secure.url, 'ca-file': caFile },
        { url: localhost, 'ca-file': caFile },
        { url: secure.url, insecure: true },
        { url: secure.url, attempts: 1 },
      ]),
      { timeoutMs: 20_000 },
    )
    expect(results.map((r) => r.status)).toEqual(['healthy', 'healthy', 'healthy', 'unhealthy'])
    expect(results[3]?.message).toMatch(/self[- ]signed certificate/)
    expect(JSON.stringify(results)).not.toContain(REDIS_PASSWORD)
  })
})
