import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { PostflightError } from '../../errors.ts'
import type { LogRecord } from '../../log/logger.ts'
import { commonInputs } from '../../options/inputs.ts'
import { SuiteBuilder } from '../../result/suite-builder.ts'
import { executeSuite, type SuiteSpec } from '../execute-suite.ts'

const schema = z
  .object({
    outcome: z.enum(['pass', 'fail', 'warn', 'throw', 'leak']),
    token: z.string().optional(),
    ...commonInputs,
  })
  .strict()

const spec: SuiteSpec<typeof schema> = {
  suite: 'fake',
  schema,
  secretInputs: ['token'],
  async engine(options, ctx) {
    if (options.outcome === 'throw') throw new PostflightError('NETWORK', 'registry unreachable')
    const suite = new SuiteBuilder('fake', ctx.leg)
    if (options.outcome === 'leak') {
      ctx.logger.info(`calling with ${options.token}`)
      suite.add({ id: 'leak', title: 'L', status: 'pass', message: `used token ${options.token}` })
    } else suite.add({ id: 'only', title: 'Only', status: options.outcome, message: options.outcome })
    return suite.finish()
  },
}

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pf-exec-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

async function run(raw: Record<string, string>, env: NodeJS.ProcessEnv = {}) {
  const records: LogRecord[] = []
  const resultsDir = path.join(dir, Math.random().toString(36).slice(2))
  const execution = await executeSuite(spec, {
    raw: { 'results-dir': resultsDir, ...raw },
    style: 'cli',
    sink: (r) => records.push(r),
    env,
  })
  return { execution, records, resultsDir }
}

describe('#executeSuite', () => {
  it.each([
    ['pass', 0],
    ['warn', 0],
    ['fail', 1],
  ])('maps a %s verdict to exit code %i and writes the results file', async (outcome, code) => {
    const { execution } = await run({ outcome })
    expect(execution.exitCode).toBe(code)
    expect(JSON.parse(await readFile(execution.resultsFile as string, 'utf8')).status).toBe(outcome)
  })

  it('honours fail-on warn', async () => {
    const { execution } = await run({ outcome: 'warn', 'fail-on': 'warn' })
    expect(execution.exitCode).toBe(1)
  })

  describe('when an input is bad', () => {
    it('still writes a results file, marked partial with the input named, and exits 2', async () => {
      const { execution } = await run({ outcome: 'sideways' })
      expect(execution.exitCode).toBe(2)
      const written = JSON.parse(await readFile(execution.resultsFile as string, 'utf8'))
      expect(written).toMatchObject({ status: 'error', partial: true })
      expect(written.checks[0]).toMatchObject({
        id: 'inputs',
        status: 'error',
        evidence: { code: 'BAD_INPUT', field: 'outcome' },
      })
      expect(written.checks[0].message).toContain('--outcome: Invalid option: expected one of')
    })
  })

  describe('when the engine throws', () => {
    it('writes an error result that is never green, and exits 2', async () => {
      const { execution } = await run({ outcome: 'throw' })
      expect(execution.exitCode).toBe(2)
      expect(execution.result).toMatchObject({ status: 'error', partial: true })
      expect(execution.result.checks[0]).toMatchObject({ id: 'engine', message: 'registry unreachable' })
    })
  })

  it('keeps a secret input out of logs and the results file', async () => {
    const token = 'ghs_0123456789abcdefSECRET'
    const { execution, records } = await run({ outcome: 'leak', token })
    expect(JSON.stringify(records)).not.toContain(token)
    expect(await readFile(execution.resultsFile as string, 'utf8')).not.toContain(token)
  })

  it('layers postflight.yml < environment < inputs', async () => {
    const config = path.join(dir, 'postflight.yml')
    await writeFile(config, 'defaults:\n  fail-on: never\n')
    const fromConfig = await run({ outcome: 'fail', config })
    expect(fromConfig.execution.exitCode).toBe(0)
    const fromEnv = await run({ outcome: 'fail', config }, { POSTFLIGHT_FAIL_ON: 'fail' })
    expect(fromEnv.execution.exitCode).toBe(1)
    const fromInput = await run(
      { outcome: 'fail', config, 'fail-on': 'never' },
      { POSTFLIGHT_FAIL_ON: 'fail' },
    )
    expect(fromInput.execution.exitCode).toBe(0)
  })
})

describe('#executeSuite, cancelled or crashing mid-way', () => {
  const slow = z.object({ mode: z.enum(['wait', 'crash']), ...commonInputs }).strict()
  const slowSpec: SuiteSpec<typeof slow> = {
    suite: 'slow',
    schema: slow,
    async engine(options, ctx) {
      const suite = new SuiteBuilder('slow', ctx.leg)
      ctx.attach?.(suite)
      suite.add({ id: 'first', title: 'First', status: 'pass', message: 'made before the stop' })
      if (options.mode === 'crash') throw new Error('disk full')
      await new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)))
      return suite.finish()
    },
  }

  it('keeps the checks made before a crash in the partial result', async () => {
    const execution = await executeSuite(slowSpec, {
      raw: { mode: 'crash', 'results-dir': path.join(dir, 'crash') },
      style: 'cli',
      sink: () => {},
    })
    expect(execution.exitCode).toBe(2)
    expect(execution.result.checks.map((c) => [c.id, c.status])).toEqual([
      ['first', 'pass'],
      ['engine', 'error'],
      ['engine:incomplete', 'error'],
    ])
  })

  it('writes a partial result when cancelled', async () => {
    const controller = new AbortController()
    const running = executeSuite(slowSpec, {
      raw: { mode: 'wait', 'results-dir': path.join(dir, 'cancel') },
      style: 'cli',
      sink: () => {},
      signal: controller.signal,
    })
    setTimeout(() => controller.abort(new Error('cancelled by SIGTERM')), 50)
    const execution = await running
    expect(execution.exitCode).toBe(2)
    const written = JSON.parse(await readFile(execution.resultsFile as string, 'utf8'))
    expect(written).toMatchObject({ status: 'error', partial: true })
    expect(written.checks.map((c: { id: string }) => c.id)).toEqual([
      'first',
      'cancelled',
      'engine:incomplete',
    ])
  })

  it('reads the config file named by POSTFLIGHT_CONFIG', async () => {
    const config = path.join(dir, 'pf-env.yml')
    await writeFile(config, 'defaults:\n  fail-on: never\n')
    const { execution } = await run({ outcome: 'fail' }, { POSTFLIGHT_CONFIG: config })
    expect(execution.exitCode).toBe(0)
  })

  it('reports usage errors found before parsing like a bad input, with a results file', async () => {
    const execution = await executeSuite(spec, {
      raw: { outcome: 'pass', 'results-dir': path.join(dir, 'usage') },
      usageErrors: ["unexpected argument 'dist'"],
      style: 'cli',
      sink: () => {},
    })
    expect(execution.exitCode).toBe(2)
    expect(execution.resultsFile).toBeDefined()
    expect(execution.result.checks[0]).toMatchObject({ id: 'inputs', message: "unexpected argument 'dist'" })
  })
})
