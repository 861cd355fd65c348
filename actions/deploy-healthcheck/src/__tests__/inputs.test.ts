import { isPostflightError, parseInputs } from '@postflight/core'
import { describe, expect, it } from 'vitest'
import { deploymentId } from '../compose/deployment-id.ts'
import { DeployInputs } from '../inputs.ts'

const parse = (raw: Record<string, string | string[]>) => parseInputs(DeployInputs, raw)

function badInput(raw: Record<string, string | string[]>): { field: string | undefined; message: string } {
  try {
    parse(raw)
  } catch (err) {
    if (isPostflightError(err, 'BAD_INPUT')) return { field: err.field, message: err.message }
    throw err
  }
  throw new Error('expected a BAD_INPUT error')
}

describe('DeployInputs', () => {
  it('applies the defaults', () => {
    expect(parse({ 'compose-file': 'compose.yml' })).toMatchObject({
      'compose-file': ['compose.yml'],
      pull: 'never',
      build: false,
      engine: 'auto',
      'deploy-retries': 3,
      attempts: 5,
      cleanup: 'on-failure',
      'logs-dir': 'postflight-deploy-logs',
      chaos: 'none',
      security: true,
      'allow-host-network': false,
    })
  })

  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['45', 45_000],
  ])('reads the duration %s as %d ms', (text, ms) => {
    expect(parse({ timeout: text, 'attempt-timeout': text })).toMatchObject({
      timeout: ms,
      'attempt-timeout': ms,
    })
  })

  it.each([
    'timeout',
    'attempt-timeout',
    'backoff-initial',
    'backoff-max',
    'command-timeout',
    'chaos-recovery',
  ])('names %s when its duration is bad', (input) => {
    const err = badInput({ [input]: 'soon' })
    expect(err.field).toBe(input)
    expect(err.message).toContain(`input '${input}'`)
  })

  it('reads functional commands as platform-smoke does, with parallel', () => {
    const options = parse({
      commands:
        '- run: curl -fsS "$POSTFLIGHT_URL_WEB"\n  name: home\n  parallel: true\n- run: ./smoke.sh\n  expect-exit: 0\n  timeout: 10s',
    })
    expect(options.commands).toEqual([
      { name: 'home', run: 'curl -fsS "$POSTFLIGHT_URL_WEB"', 'expect-exit': 0, parallel: true },
      { run: './smoke.sh', 'expect-exit': 0, timeout: 10_000, parallel: false },
    ])
  })

  it("names a command's unknown key", () => {
    expect(badInput({ commands: '- run: x\n  expect: 1' }).message).toMatch(/commands.*unknown key 'expect'/)
  })

  it('keeps functional check ids unique: no name of digits (the id of an unnamed command), no name twice', () => {
    expect(badInput({ commands: '- run: a\n- run: b\n- run: c\n  name: "2"' })).toMatchObject({
      field: 'commands',
      message: expect.stringContaining('not only digits'),
    })
    expect(badInput({ commands: '- { run: a, name: x }\n- { run: b, name: x }' }).message).toMatch(
      /duplicate name x/,
    )
  })

  it('reads allowed ports and rejects what is not one', () => {
    expect(parse({ 'allowed-ports': '80\n443' })['allowed-ports']).toEqual([80, 443])
    expect(badInput({ 'allowed-ports': 'http' }).field).toBe('allowed-ports')
  })

  it('takes health checks as YAML and names a bad one', () => {
    expect(parse({ checks: '- http://127.0.0.1:8080/health' }).checks).toMatchObject([{ kind: 'http' }])
    expect(badInput({ checks: '- kind: tcp\n  port: 5432' }).field).toBe('checks')
  })

  it('rejects a project name compose would refuse', () => {
    expect(badInput({ 'project-name': 'My Stack' }).field).toBe('project-name')
  })
})

describe('deploymentId', () => {
  it('is deploy_YYYYMMDD_HHMMSS_<suffix> in UTC, a valid project name', () => {
    const id = deploymentId(new Date('2026-11-26T13:04:05.678Z'), 'a1b2c3')
    expect(id).toBe('deploy_20261126_130405_a1b2c3')
    expect(parse({ 'project-name': id })['project-name']).toBe(id)
    expect(deploymentId()).not.toBe(deploymentId())
  })
})
