import type { CheckStatus } from '@postflight/core'
import { describe, expect, it } from 'vitest'
import { aggregate, reportStatus } from '../aggregate.ts'
import { missingLegs, parseExpectations } from '../expect.ts'
import type { LegRead } from '../read-results.ts'
import { check, leg } from './make-results.ts'

const ok = (s: ReturnType<typeof leg>): LegRead => ({
  ok: true,
  file: `${s.suite}--${s.leg.label}.json`,
  result: s,
})
const legOf = (...statuses: CheckStatus[]) =>
  leg(
    'verify-artifacts',
    'linux-x64',
    statuses.map((s, i) => check(`c${i}`, s)),
  )

describe('reportStatus', () => {
  it.each<[string, CheckStatus[][], string[], CheckStatus]>([
    ['all legs pass', [['pass'], ['pass', 'skip']], [], 'pass'],
    ['a warning', [['pass'], ['warn']], [], 'warn'],
    ['a failure', [['pass'], ['fail', 'warn']], [], 'fail'],
    ['an error outranks a failure', [['fail'], ['error']], [], 'error'],
    ['a missing leg fails a green report', [['pass']], ['platform-smoke@win32-x64'], 'fail'],
    ['a missing leg never hides an error', [['error']], ['x'], 'error'],
    ['nothing at all cannot pass', [], [], 'error'],
    ['only missing legs fail', [], ['verify-artifacts'], 'fail'],
  ])('%s', (_, legs, missing, expected) => {
    expect(
      reportStatus(
        legs.map((s) => legOf(...s)),
        missing,
      ),
    ).toBe(expected)
  })
})

describe('expectations', () => {
  const legs = [leg('verify-artifacts', 'linux-x64', []), leg('platform-smoke', 'linux-x64', [])]
  it.each([
    ['verify-artifacts', []],
    ['platform-smoke@linux-x64', []],
    ['platform-smoke@win32-x64', ['platform-smoke@win32-x64']],
    ['container-scan', ['container-scan']],
  ])('%s', (text, missing) => {
    expect(missingLegs(parseExpectations([text]), legs)).toEqual(missing)
  })
})

describe('aggregate', () => {
  it('turns an unreadable file into an error leg named after it, and still counts the expected leg missing', () => {
    const report = aggregate(
      [ok(legOf('pass')), { ok: false, file: '/r/platform-smoke--win32-x64.json', error: 'not JSON' }],
      parseExpectations(['verify-artifacts', 'platform-smoke@win32-x64']),
    )
    expect(report.status).toBe('error')
    expect(report.missing).toEqual(['platform-smoke@win32-x64'])
    const broken = report.suites.find((s) => s.suite === 'platform-smoke')
    expect(broken?.leg.label).toBe('win32-x64')
    expect(broken?.status).toBe('error')
    expect(broken?.checks[0]?.id).toBe('results-file:platform-smoke--win32-x64.json')
  })

  it("leaves the report's own results out and merges the release from the legs", () => {
    const report = aggregate([ok(legOf('pass')), ok(leg('report', 'linux-x64', [check('x', 'fail')]))], [])
    expect(report.suites.map((s) => s.suite)).toEqual(['verify-artifacts'])
    expect(report.status).toBe('pass')
    expect(report.release).toEqual({ repo: 'acme/app', tag: 'v1.2.3', version: '1.2.3' })
  })
})
