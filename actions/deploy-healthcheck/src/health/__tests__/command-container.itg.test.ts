import { isPostflightError, runProcess } from '@postflight/core'
import { describe, expect, it } from 'vitest'
import { HealthChecksInput } from '../input.ts'
import { runHealthChecks } from '../run.ts'
import type { ContainerHealthState, ExecFn } from '../types.ts'

describe('command checks', () => {
  it('run on the host with sh and compare the exit code', async () => {
    const results = await runHealthChecks(
      HealthChecksInput.parse(`
- kind: command
  name: ready
  run: echo ready; exit 0
- kind: command
  name: wants-3
  run: exit 3
  expect-exit: 3
- kind: command
  name: broken
  run: echo not ready >&2; exit 1
  attempts: 2
`),
      { backoff: { initialMs: 10, maxMs: 10 } },
    )
    expect(results.map((r) => [r.name, r.status, r.attempts, r.lastResponse])).toEqual([
      ['ready', 'healthy', 1, { status: 0, body: 'ready' }],
      ['wants-3', 'healthy', 1, { status: 3, body: '' }],
      ['broken', 'unhealthy', 2, { status: 1, body: 'not ready' }],
    ])
    expect(results[2]?.message).toBe('unhealthy after 2 attempts: exited 1, expected 0')
  })

  it('run without the job credentials in their environment', async () => {
    const saved = process.env.GITHUB_TOKEN
    process.env.GITHUB_TOKEN = 'ghs_health0123456789'
    process.env.TMPDIR_SET = 'kept'
    try {
      const [result] = await runHealthChecks(
        HealthChecksInput.parse([{ kind: 'command', run: 'echo "token=[$GITHUB_TOKEN] tmp=[$TMPDIR_SET]"' }]),
      )
      expect(result?.lastResponse).toEqual({ status: 0, body: 'token=[] tmp=[kept]' })
    } finally {
      delete process.env.TMPDIR_SET
      if (saved === undefined) delete process.env.GITHUB_TOKEN
      else process.env.GITHUB_TOKEN = saved
    }
  })

  it('pass once a marker appears, retrying with backoff', async () => {
    const marker = `/tmp/postflight-ready-${process.pid}-${Date.now()}`
    setTimeout(() => void runProcess('touch', [marker]), 300)
    const [result] = await runHealthChecks(
      HealthChecksInput.parse([{ kind: 'command', run: `test -e ${marker} && rm ${marker}`, attempts: 20 }]),
      {
        backoff: { initialMs: 100, maxMs: 100 },
      },
    )
    expect(result?.status).toBe('healthy')
    expect(result?.attempts).toBeGreaterThan(1)
  })

  it('run inside a container through the engine exec, with the argv sh -c <run>', async () => {
    const calls: Array<[string, string[]]> = []
    // Runs the argv on the host: it stands in for `docker exec`, which the deploy half supplies.
    const exec: ExecFn = async (target, argv, { signal, timeoutMs }) => {
      calls.push([target, argv])
      const [cmd = '', ...args] = argv
      const r = await runProcess(cmd, args, { signal, timeoutMs })
      return { code: r.exitCode, stdout: r.stdout, stderr: r.stderr }
    }
    const [result] = await runHealthChecks(
      HealthChecksInput.parse([{ kind: 'command', container: 'db', run: 'echo "in $0"', 'expect-exit': 0 }]),
      { exec },
    )
    expect(calls).toEqual([['db', ['sh', '-c', 'echo "in $0"']]])
    expect(result).toMatchObject({
      name: 'db:command',
      service: 'db',
      status: 'healthy',
      lastResponse: { body: 'in sh' },
    })
  })

  it('refuse to start when a check needs a container engine that was not given', async () => {
    const err = await runHealthChecks(HealthChecksInput.parse([{ kind: 'container', service: 'api' }])).catch(
      (e: unknown) => e,
    )
    expect(isPostflightError(err, 'BAD_CONFIG')).toBe(true)
    expect((err as Error).message).toContain('api')
  })
})

describe('container HEALTHCHECK checks', () => {
  it('wait while starting, pass on healthy, fail at once without a HEALTHCHECK', async () => {
    let asked = 0
    const states: Record<string, () => ContainerHealthState> = {
      api: () => (++asked < 3 ? { status: 'starting' } : { status: 'healthy', log: 'GET /health 200' }),
      worker: () => ({ status: 'none' }),
    }
    const started = performance.now()
    const results = await runHealthChecks(
      HealthChecksInput.parse('[{kind: container, service: api}, {kind: container, service: worker}]'),
      {
        containerHealth: async (service) => (states[service] as () => ContainerHealthState)(),
      },
    )
    expect(results.map((r) => [r.name, r.status, r.attempts])).toEqual([
      ['api', 'healthy', 1],
      ['worker', 'unhealthy', 1],
    ])
    expect(results[0]?.lastResponse).toEqual({ status: 'healthy', body: 'GET /health 200' })
    expect(results[1]?.message).toBe('the image of worker declares no HEALTHCHECK')
    // Two "starting" answers, polled every 500 ms.
    expect(performance.now() - started).toBeGreaterThanOrEqual(900)
  })
})
