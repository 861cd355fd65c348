import { mkdtemp } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { parseInputs, SecretRegistry } from '@postflight/core'
import { describe, expect, it } from 'vitest'
import { runFunctional, urlVariable } from '../functional/run-functional.ts'
import { DeployInputs } from '../inputs.ts'

// The stand-in programs are sh scripts (and `echo`): POSIX only. The compose engines run on Linux and macOS runners.
const posix = process.platform !== 'win32'

const commands = (yaml: string) => parseInputs(DeployInputs, { commands: yaml }).commands ?? []

async function run(yaml: string, env: NodeJS.ProcessEnv = {}) {
  const saved = { ...process.env }
  Object.assign(process.env, env)
  try {
    return await runFunctional(commands(yaml), {
      urls: { web: 'http://127.0.0.1:8080/', 'api-gateway': 'http://127.0.0.1:9090/' },
      cwd: os.tmpdir(),
      scratch: await mkdtemp(path.join(os.tmpdir(), 'pf-functional-')),
      timeoutMs: 10_000,
      secrets: new SecretRegistry(),
      signal: new AbortController().signal,
    })
  } finally {
    process.env = saved
  }
}

describe.runIf(posix)('runFunctional', () => {
  it('runs the parallel ones together, keeps the declared order, and hands over the URLs', async () => {
    const started = performance.now()
    const checks = await run(`
- { name: a, run: 'sleep 1; echo "$POSTFLIGHT_URL_WEB"', expect-output: '^http://127.0.0.1:8080/$', parallel: true }
- { name: b, run: 'test "$POSTFLIGHT_URL_API_GATEWAY" = http://127.0.0.1:9090/' }
- { name: c, run: 'sleep 1', parallel: true }
`)
    // Two one-second commands side by side, not one after the other.
    expect(performance.now() - started).toBeLessThan(1900)
    expect(checks.map((c) => [c.id, c.status])).toEqual([
      ['functional:a', 'pass'],
      ['functional:b', 'pass'],
      ['functional:c', 'pass'],
    ])
  })

  it('fails a wrong exit code or output, and withholds the job token', async () => {
    const checks = await run(
      `
- { name: exit, run: 'exit 3' }
- { name: output, run: 'echo nope', expect-output: yes }
- { name: token, run: 'test -z "$GITHUB_TOKEN"' }
`,
      { GITHUB_TOKEN: 'ghs_not_for_the_stack' },
    )
    expect(checks.map((c) => c.status)).toEqual(['fail', 'fail', 'pass'])
    expect(checks[0]?.message).toContain('exit 3, expected exit 0')
  })

  it('names the variable of a service as a shell can read it', () => {
    expect(urlVariable('api-gateway.v2')).toBe('POSTFLIGHT_URL_API_GATEWAY_V2')
  })
})
