import { SecretRegistry } from '@postflight/core'
import { afterEach, describe, expect, it } from 'vitest'
import { checksFromUrls } from '../from-urls.ts'
import { HealthChecksInput } from '../input.ts'
import { runHealthChecks } from '../run.ts'
import type { AttemptEvent } from '../types.ts'
import { freePort, type Running, serve } from './servers.ts'

const running: Running[] = []
const timers: NodeJS.Timeout[] = []
afterEach(async () => {
  for (const t of timers.splice(0)) clearTimeout(t)
  await Promise.all(running.splice(0).map((s) => s.close()))
})

async function track<T extends Running>(server: Promise<T>): Promise<T> {
  const s = await server
  running.push(s)
  return s
}

const ok =
  (body = 'ok') =>
  (_req: unknown, res: import('node:http').ServerResponse) =>
    res.end(body)

describe('runHealthChecks over HTTP', () => {
  describe('when the URL says localhost', () => {
    it.each(['127.0.0.1', '::1'])('finds a server listening only on %s', async (host) => {
      const server = await track(serve(ok('up'), host))
      const literal = host.includes(':') ? `[${host}]` : host
      const results = await runHealthChecks(
        checksFromUrls([
          `http://localhost:${server.port}/`,
          `tcp://localhost:${server.port}`,
          `http://${literal}:${server.port}/`,
        ]),
        { timeoutMs: 3000 },
      )
      expect(results[0]).toMatchObject({
        status: 'healthy',
        attempts: 1,
        lastResponse: { status: 200, body: 'up' },
      })
      expect(results[1]?.message).toContain(`${literal}:${server.port} accepted a connection`)
      expect(results[2]).toMatchObject({ status: 'healthy', lastResponse: { body: 'up' } })
    })
  })

  it('makes one connection per attempt: the request goes over the socket that found the service', async () => {
    const server = await track(serve(ok()))
    let connections = 0
    server.server.on('connection', () => connections++)
    const [result] = await runHealthChecks(checksFromUrls([`http://localhost:${server.port}/`]))
    expect(result?.status).toBe('healthy')
    expect(connections).toBe(1)
  })

  it('polls a port that refuses cheaply, and sees a slow starter within a poll of it opening', async () => {
    const port = await freePort()
    const events: AttemptEvent[] = []
    let openedAt = 0
    timers.push(
      setTimeout(() => {
        void track(serve(ok(), '127.0.0.1', port)).then(() => {
          openedAt = performance.now()
        })
      }, 2000),
    )
    const started = performance.now()
    const [result] = await runHealthChecks(checksFromUrls([`http://127.0.0.1:${port}/health`]), {
      timeoutMs: 10_000,
      attempts: 2,
      onAttempt: (e) => events.push(e),
    })
    const seenAt = performance.now()
    expect(result?.status).toBe('healthy')
    // The refusals while it started are polls, not attempts: two attempts would not have lasted 2 s.
    expect(result?.attempts).toBe(1)
    expect(events.filter((e) => e.outcome === 'pending').length).toBeGreaterThan(10)
    // Within a poll or two of it opening (the bench holds the 500 ms target; this leaves room for a loaded CI).
    expect(seenAt - openedAt).toBeLessThan(1000)
    expect(result?.timeToHealthyMs).toBeGreaterThanOrEqual(1900)
    expect(result?.timeToHealthyMs).toBeLessThan(seenAt - started + 1)
  })

  it('retries a 503 with full-jitter exponential backoff and passes on the 200, recording the attempts', async () => {
    let calls = 0
    const server = await track(
      serve((_req, res) => {
        calls++
        res.statusCode = calls <= 2 ? 503 : 200
        res.end(calls <= 2 ? 'warming up' : '{"status":"ok"}')
      }),
    )
    const events: AttemptEvent[] = []
    const checks = HealthChecksInput.parse(
      `- url: http://127.0.0.1:${server.port}/health\n  json-path: $.status\n  equals: ok`,
    )
    const [result] = await runHealthChecks(checks, {
      backoff: { initialMs: 100, maxMs: 150, random: () => 0.999 },
      onAttempt: (e) => events.push(e),
    })
    expect(result).toMatchObject({
      status: 'healthy',
      attempts: 3,
      lastResponse: { status: 200, body: '{"status":"ok"}' },
    })
    expect(result?.responseTimeMs).toBeGreaterThanOrEqual(0)
    // Full jitter above initial / 2 picks in [50, min(max, initial * 2^(n-1))): 0.999 of 50..100, then of 50..150 (capped).
    expect(events.filter((e) => e.outcome === 'bad').map((e) => e.nextDelayMs)).toEqual([99, 149])
    expect(events.find((e) => e.outcome === 'bad')?.message).toBe('HTTP 503, expected 200-399')
  })

  it('fails a service that is never healthy within the overall timeout, with its last answer', async () => {
    const server = await track(
      serve((_req, res) => {
        res.statusCode = 500
        res.end(`database down ${'x'.repeat(5000)}`)
      }),
    )
    const started = performance.now()
    const [result] = await runHealthChecks(checksFromUrls([`http://127.0.0.1:${server.port}/`]), {
      timeoutMs: 1500,
      attempts: 100,
      backoff: { initialMs: 50, maxMs: 200 },
    })
    const elapsed = performance.now() - started
    expect(result?.status).toBe('unhealthy')
    expect(result?.attempts).toBeGreaterThan(2)
    expect(result?.message).toMatch(
      /^not healthy within 1\.5 s \(\d+ attempts\): HTTP 500, expected 200-399$/,
    )
    expect(result?.lastResponse?.status).toBe(500)
    expect(result?.lastResponse?.body?.startsWith('database down xxx')).toBe(true)
    expect(result?.lastResponse?.body?.length).toBeLessThan(600)
    expect(elapsed).toBeGreaterThanOrEqual(1400)
    expect(elapsed).toBeLessThan(2500)
  })

  it('waits what a 503 Retry-After asks, capped at the backoff maximum, instead of the jittered delay', async () => {
    let calls = 0
    const server = await track(
      serve((_req, res) => {
        calls++
        if (calls === 1) res.writeHead(503, { 'retry-after': '1' }).end('busy')
        else if (calls === 2) res.writeHead(503, { 'retry-after': '120' }).end('busy')
        else res.end('ok')
      }),
    )
    const events: AttemptEvent[] = []
    const [result] = await runHealthChecks(checksFromUrls([`http://127.0.0.1:${server.port}/`]), {
      backoff: { initialMs: 10, maxMs: 1500, random: () => 0 },
      onAttempt: (e) => events.push(e),
    })
    expect(result).toMatchObject({ status: 'healthy', attempts: 3 })
    expect(events.filter((e) => e.outcome === 'bad').map((e) => e.nextDelayMs)).toEqual([1000, 1500])
    expect(result?.timeToHealthyMs).toBeGreaterThanOrEqual(2400)
  })

  it('fails a port that never opens at the timeout, naming both loopbacks it tried', async () => {
    const port = await freePort()
    const [result] = await runHealthChecks(checksFromUrls([`http://localhost:${port}/`]), { timeoutMs: 500 })
    expect(result).toMatchObject({ status: 'unhealthy', attempts: 0 })
    expect(result?.message).toBe(
      `not healthy within 500 ms: nothing answered on 127.0.0.1:${port} ECONNREFUSED, [::1]:${port} ECONNREFUSED`,
    )
  })

  it('reports the last real answer, not the attempt the overall deadline cut short', async () => {
    const slow = await track(
      serve((_req, res) => {
        setTimeout(() => {
          res.statusCode = 500
          res.end('slow failure')
        }, 150)
      }),
    )
    const [result] = await runHealthChecks(checksFromUrls([`http://127.0.0.1:${slow.port}/`]), {
      timeoutMs: 400,
      attempts: 100,
      backoff: { initialMs: 1, maxMs: 1 },
    })
    expect(result).toMatchObject({ status: 'unhealthy', lastResponse: { status: 500, body: 'slow failure' } })
    expect(result?.message).toMatch(/: HTTP 500, expected 200-399$/)
  })

  it('fails after its attempts, not at the timeout, when every answer is wrong', async () => {
    const server = await track(serve(ok('{"status":"degraded"}')))
    const checks = HealthChecksInput.parse([
      { url: `http://127.0.0.1:${server.port}/`, 'json-path': '$.status', equals: 'ok', attempts: 2 },
      { url: `http://127.0.0.1:${server.port}/`, body: '"status":"ok"', attempts: 1 },
    ])
    const results = await runHealthChecks(checks, { backoff: { initialMs: 10, maxMs: 10 } })
    expect(results.map((r) => [r.status, r.attempts, r.message])).toEqual([
      ['unhealthy', 2, 'unhealthy after 2 attempts: HTTP 200 but $.status is "degraded", expected "ok"'],
      ['unhealthy', 1, 'unhealthy after 1 attempt: HTTP 200 but the body does not match /"status":"ok"/'],
    ])
  })

  it('fails a dead service at once through the serviceDead hook instead of waiting out the timeout', async () => {
    const port = await freePort()
    const started = performance.now()
    const asked: string[] = []
    const [dead, healthy] = await runHealthChecks(
      [
        ...HealthChecksInput.parse([{ url: `http://127.0.0.1:${port}/`, service: 'api' }]),
        { kind: 'tcp', host: '127.0.0.1', port: (await track(serve(ok()))).port, service: 'web' },
      ],
      {
        timeoutMs: 60_000,
        serviceDead: async (service) => {
          asked.push(service)
          return service === 'api' && performance.now() - started > 300 ? 'exited with code 1' : undefined
        },
      },
    )
    expect(dead).toMatchObject({
      status: 'dead',
      service: 'api',
      attempts: 0,
      message: 'service api exited with code 1',
    })
    expect(healthy?.status).toBe('healthy')
    expect(performance.now() - started).toBeLessThan(2000)
    // Asked about once a second, not at every 100 ms poll.
    expect(asked.filter((s) => s === 'api').length).toBeLessThanOrEqual(3)
  })

  it('notices a service that dies during a long backoff without waiting the backoff out', async () => {
    const server = await track(
      serve((_req, res) => {
        res.statusCode = 503
        res.end('warming up')
      }),
    )
    let diedAt = Number.POSITIVE_INFINITY
    timers.push(setTimeout(() => (diedAt = performance.now()), 500))
    const events: AttemptEvent[] = []
    const [result] = await runHealthChecks(
      HealthChecksInput.parse([{ url: `http://127.0.0.1:${server.port}/`, service: 'api' }]),
      {
        backoff: { initialMs: 20_000, maxMs: 20_000, random: () => 0.5 },
        serviceDead: async () =>
          performance.now() >= diedAt ? 'restarted 3 times (restart loop)' : undefined,
        onAttempt: (e) => events.push(e),
      },
    )
    // Half way between the floor (initial / 2) and the cap.
    expect(events.map((e) => [e.outcome, e.nextDelayMs])).toEqual([['bad', 15_000]])
    expect(result).toMatchObject({ status: 'dead', attempts: 1, lastResponse: { status: 503 } })
    expect(result?.message).toBe('service api restarted 3 times (restart loop)')
    expect(performance.now() - diedAt).toBeLessThan(1500)
  })

  it('stops every check promptly when the signal aborts', async () => {
    const port = await freePort()
    // A server that accepts and never answers: the request in flight must be cut too.
    const hanging = await track(serve(() => {}))
    const controller = new AbortController()
    timers.push(setTimeout(() => controller.abort(), 300))
    const started = performance.now()
    const results = await runHealthChecks(
      checksFromUrls([`http://127.0.0.1:${port}/`, `http://127.0.0.1:${hanging.port}/`]),
      {
        signal: controller.signal,
        timeoutMs: 60_000,
      },
    )
    expect(results.map((r) => r.status)).toEqual(['cancelled', 'cancelled'])
    expect(performance.now() - started).toBeLessThan(1000)
  })

  it('cuts an attempt at the per-attempt timeout and counts it', async () => {
    const hanging = await track(serve(() => {}))
    const [result] = await runHealthChecks(checksFromUrls([`http://127.0.0.1:${hanging.port}/`]), {
      perAttemptTimeoutMs: 200,
      attempts: 2,
      backoff: { initialMs: 10, maxMs: 10 },
    })
    expect(result).toMatchObject({
      status: 'unhealthy',
      attempts: 2,
      lastResponse: { error: 'no answer within 200 ms' },
    })
  })

  it('sends the method and headers, and keeps credentials out of the result', async () => {
    const token = 'tok-5f1d9a7c2b8e4d3a'
    const server = await track(
      serve((req, res) => {
        res.statusCode = req.method === 'HEAD' ? 503 : 401
        // A server that echoes what it got: the body must not carry the token into the report.
        res.end(
          `method=${req.method} auth=${req.headers.authorization} basic=${req.headers['x-basic'] ?? ''}`,
        )
      }),
    )
    const secrets = new SecretRegistry()
    const results = await runHealthChecks(
      HealthChecksInput.parse([
        {
          url: `http://127.0.0.1:${server.port}/`,
          method: 'post',
          headers: { Authorization: `Bearer ${token}` },
          attempts: 1,
        },
        { url: `http://probe:pw-8c1e55d0@127.0.0.1:${server.port}/`, method: 'HEAD', attempts: 1 },
      ]),
      { secrets },
    )
    expect(results[0]?.lastResponse).toEqual({ status: 401, body: 'method=POST auth=*** basic=' })
    expect(results[1]?.lastResponse?.status).toBe(503)
    expect(results[1]?.healthCheckUrl).toBe(`http://probe:***@127.0.0.1:${server.port}/`)
    expect(JSON.stringify(results)).not.toContain(token)
    expect(JSON.stringify(results)).not.toContain('pw-8c1e55d0')
    // The run registered the check's credentials, so the caller's logs are redacted too.
    expect(secrets.redact(`x ${token} Bearer ${token} pw-8c1e55d0`)).toBe('x *** *** ***')
  })
})
