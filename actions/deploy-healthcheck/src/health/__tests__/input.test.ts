import { isPostflightError, parseInputs } from '@postflight/core'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { checksFromUrls, redactUrl } from '../from-urls.ts'
import { HealthChecksInput } from '../input.ts'
import { readJsonPath } from '../json-path.ts'
import { healthCheckUrl, secretsOf } from '../probe.ts'
import { judge } from '../probes/http.ts'
import { postgresTarget, redisTarget } from '../probes/targets.ts'
import { trimBody } from '../probes/trim.ts'
import type { HttpCheck, PostgresCheck, RedisCheck } from '../spec.ts'

// The way the deploy half declares it: one input of the action's schema.
const Schema = z.strictObject({ checks: HealthChecksInput.optional() })
const parseChecks = (checks: string) => parseInputs(Schema, { checks }).checks ?? []

describe('HealthChecksInput', () => {
  it('reads every kind from YAML, with defaults, durations in ms and a unique name for each', () => {
    const checks = parseChecks(`
- url: http://localhost:8080/health
  timeout: 500ms
- url: https://api.example.test/ready
  service: api
  expect-status: [200, "204-206"]
  method: head
- {kind: tcp, host: 127.0.0.1, port: "5432"}
- tcp://[::1]:6379
- {kind: postgres, host: localhost, port: 5433, user: app, password: 1234, database: app}
- postgres://app:pw@db:5432/app
- {url: "redis://:pw@cache:6379/2", attempts: 3}
- {kind: command, run: pg_isready, container: db, expect-exit: "0", timeout: 5}
- {kind: container, service: worker}
- url: http://localhost:8080/health
`)
    expect(checks.map((c) => [c.name, c.kind])).toEqual([
      ['localhost:8080/health', 'http'],
      ['api', 'http'],
      ['tcp:127.0.0.1:5432', 'tcp'],
      ['tcp:::1:6379', 'tcp'],
      ['postgres:localhost:5433', 'postgres'],
      ['postgres:db:5432', 'postgres'],
      ['redis:cache:6379', 'redis'],
      ['db:command', 'command'],
      ['worker', 'container'],
      ['localhost:8080/health-2', 'http'],
    ])
    expect(checks[0]).toMatchObject({
      timeout: 500,
      method: 'GET',
      'expect-status': [[200, 399]],
      insecure: false,
    })
    expect(checks[1]).toMatchObject({
      method: 'HEAD',
      'expect-status': [
        [200, 200],
        [204, 206],
      ],
    })
    expect(checks[3]).toMatchObject({ host: '::1', port: 6379 })
    expect(checks[4]).toMatchObject({ password: '1234', port: 5433 })
    expect(checks[6]).toMatchObject({ attempts: 3 })
    expect(checks[7]).toMatchObject({ timeout: 5000, 'expect-exit': 0 })
  })

  it('takes an already-parsed list and texts of a repeated flag', () => {
    expect(HealthChecksInput.parse([{ kind: 'tcp', host: 'a', port: 1 }]).map((c) => c.name)).toEqual([
      'tcp:a:1',
    ])
    expect(HealthChecksInput.parse(['- tcp://a:1', 'http://b/'])).toHaveLength(2)
    expect(HealthChecksInput.parse('')).toEqual([])
    expect(HealthChecksInput.parse([{ kind: 'tcp', url: 'tcp://db:5432', name: 'db' }])).toEqual([
      { kind: 'tcp', host: 'db', port: 5432, name: 'db' },
    ])
  })

  it.each([
    ['- url: http://a/\n  timeout: soon', `input 'checks': check 1: timeout: Expected a duration like 500ms`],
    ['- {name: db, kind: tcp, host: a, port: 99999}', `input 'checks': check 1 (db): port: Too big`],
    ['- {kind: tcp, host: a}', 'check 1: port: '],
    ['- tcp://db', 'check 1: port: '],
    ['- {kind: http, url: ftp://a/}', 'check 1: url: expected a URL starting with http:// or https://'],
    [
      '- {kind: smtp, host: a}',
      'check 1: kind: expected kind http, tcp, postgres, redis, command or container',
    ],
    [
      '- {url: http://a/, expect-status: 2xx}',
      'check 1: expect-status: expected a status like 200 or a range like 200-399; got "2xx"',
    ],
    ['- {url: http://a/, body: "("}', 'check 1: body: expected a JavaScript regular expression'],
    ['- {url: http://a/, json-path: "$..x"}', 'check 1: json-path: expected a path like $.status'],
    ['- {url: http://a/, insecure: yes-please}', 'check 1: insecure: '],
    ['- {kind: postgres, user: a}', 'check 1: expected url, or host'],
    ['- {kind: tcp, host: a, port: 1, tiemout: 5}', 'check 1: Unrecognized key: "tiemout"'],
    ['- {kind: container}', 'check 1: service: '],
    ['- postgres://a@db/x?sslmode=always', 'check 1: url: expected sslmode disable, allow, prefer, require'],
    ['- {kind: postgres, host: db, sslmode: on}', 'check 1: sslmode: '],
    ['- {name: x, url: http://a/}\n- {name: x, url: http://b/}', 'two checks are named x'],
    ['- [unclosed', 'not valid YAML'],
  ])('rejects %j naming the check and field', (text, message) => {
    let err: unknown
    try {
      parseChecks(text)
    } catch (e) {
      err = e
    }
    expect(isPostflightError(err, 'BAD_INPUT')).toBe(true)
    expect((err as Error).message).toContain(message)
    expect((err as { field?: string }).field).toBe('checks')
  })
})

describe('checksFromUrls', () => {
  it('makes a check of each --check URL', () => {
    const checks = checksFromUrls([
      'http://localhost:3000/health',
      'https://localhost:3443/',
      'tcp://localhost:9000',
      'postgres://app:s3cret@localhost:5432/app',
      'redis://localhost:6379',
    ])
    expect(checks.map((c) => c.kind)).toEqual(['http', 'http', 'tcp', 'postgres', 'redis'])
    expect(checks.map(healthCheckUrl)).toEqual([
      'http://localhost:3000/health',
      'https://localhost:3443/',
      'tcp://localhost:9000',
      'postgres://app@localhost:5432/app',
      'redis://localhost:6379',
    ])
  })

  it.each(['ftp://a/', 'localhost:8080', 'tcp://a', 'mysql://u:hunter22@db/'])(
    'rejects %s, naming the flag and hiding passwords',
    (url) => {
      let err: unknown
      try {
        checksFromUrls([url])
      } catch (e) {
        err = e
      }
      expect(isPostflightError(err, 'BAD_INPUT')).toBe(true)
      expect((err as Error).message).toMatch(/^Input "check" must be a URL/)
      expect((err as Error).message).not.toContain('hunter22')
    },
  )
})

describe('credentials', () => {
  it('are collected as secrets and never shown in URLs', () => {
    const [pgUrl, pgFields, redis, http] = HealthChecksInput.parse([
      'postgres://app:p%40ss@db/app',
      { kind: 'postgres', host: 'db', password: 'field-pass' },
      'redis://:redis-pass@cache:6380',
      { url: 'http://u:web-pass@a/', headers: { 'X-Api-Key': 'key-123456', Accept: 'text/plain' } },
    ])
    expect([pgUrl, pgFields, redis, http].flatMap((c) => (c === undefined ? [] : secretsOf(c)))).toEqual([
      'p%40ss',
      'p@ss',
      'field-pass',
      'redis-pass',
      'redis-pass',
      'web-pass',
      'web-pass',
      'key-123456',
      'key-123456',
    ])
    expect(redactUrl('redis://:redis-pass@cache:6380')).toBe('redis://:***@cache:6380')
    expect(redactUrl('not a url://u:pw@h')).toBe('not a url://u:***@h')
    expect(redactUrl('https://api.test/healthz?token=t0ps3cret&verbose=1')).toBe(
      'https://api.test/healthz?token=***&verbose=1',
    )
  })

  it('read from URLs and fields into login targets', () => {
    const [pg, redis] = HealthChecksInput.parse([
      { url: 'postgresql://app:p%40ss@[::1]:5433/shop?sslmode=require', user: 'other' },
      'rediss://user:pw@cache/3',
    ])
    expect(postgresTarget(pg as PostgresCheck)).toEqual({
      host: '::1',
      port: 5433,
      user: 'other',
      password: 'p@ss',
      database: 'shop',
      sslmode: 'require',
      sslrootcert: undefined,
    })
    expect(redisTarget(redis as RedisCheck)).toEqual({
      host: 'cache',
      port: 6379,
      tls: true,
      username: 'user',
      password: 'pw',
      database: 3,
    })
  })
})

describe('judging an HTTP answer', () => {
  const check = (extra: Record<string, unknown>) =>
    HealthChecksInput.parse([{ url: 'http://a/', ...extra }])[0] as HttpCheck
  it.each([
    [{}, 200, 'x', undefined],
    [{}, 302, 'x', undefined],
    [{}, 404, 'x', 'HTTP 404, expected 200-399'],
    [{ 'expect-status': 503 }, 503, 'x', undefined],
    [{ body: '^ok$' }, 200, 'nok', 'HTTP 200 but the body does not match /^ok$/'],
    [{ 'json-path': '$.db.up', equals: true }, 200, '{"db":{"up":true}}', undefined],
    [
      { 'json-path': "$.checks[1]['name']", equals: 'b' },
      200,
      '{"checks":[{"name":"a"},{"name":"b"}]}',
      undefined,
    ],
    [{ 'json-path': '$.count', equals: '3' }, 200, '{"count":3}', undefined],
    [{ 'json-path': '$.db.up' }, 200, '{"db":{}}', 'HTTP 200 but $.db.up is not in the body'],
    [{ 'json-path': '$.db' }, 200, '<html>', 'HTTP 200 but the body is not JSON (for $.db)'],
    [
      { 'json-path': 'status', equals: 'ok' },
      200,
      '{"status":"down"}',
      'HTTP 200 but status is "down", expected "ok"',
    ],
  ])('%j with HTTP %i and body %j → %j', (extra, status, body, wrong) => {
    expect(judge(check(extra), { status, body })).toBe(wrong)
  })

  it('reads paths without stepping into strings or the prototype', () => {
    expect(readJsonPath({ a: 'text' }, '$.a.length')).toEqual({ found: false })
    expect(readJsonPath({}, '$.constructor')).toEqual({ found: false })
    expect(readJsonPath([1, 2], '$[1]')).toEqual({ found: true, value: 2 })
  })

  it('keeps a trimmed body, redacted before it is cut', () => {
    const secret = 'abcdefghij'
    const body = `${'x'.repeat(495)}${secret}${'y'.repeat(100)}`
    const kept = trimBody(body, (t) => t.split(secret).join('***'))
    expect(kept).not.toContain('abcde')
    expect(kept.startsWith(`${'x'.repeat(495)}***yy`)).toBe(true)
    expect(kept).toMatch(/… \(98 more characters\)$/)
  })
})
