import { describe, expect, it } from 'vitest'
import { SuiteResult } from '../model.ts'
import { SuiteBuilder } from '../suite-builder.ts'

const leg = { os: 'linux', arch: 'x64', runner: 'test', label: 'linux-x64' }

describe('SuiteBuilder', () => {
  describe('#run', () => {
    it('records a thrown error as an error check instead of crashing', async () => {
      const suite = new SuiteBuilder('verify-artifacts', leg)
      const check = await suite.run('x', 'X works', () => {
        throw new Error('disk on fire')
      })
      expect(check).toMatchObject({ id: 'x', status: 'error', message: 'could not check: disk on fire' })
    })
  })

  describe('#add', () => {
    it('refuses a duplicate id', () => {
      const suite = new SuiteBuilder('s', leg)
      suite.add({ id: 'a', title: 'A', status: 'pass', message: '' })
      expect(() => suite.add({ id: 'a', title: 'A', status: 'pass', message: '' })).toThrow(
        'duplicate check id a',
      )
    })
  })

  describe('#finish', () => {
    it('derives the status from the checks and produces a valid SuiteResult', () => {
      const suite = new SuiteBuilder('s', leg, { tag: 'v1.0.0' })
      suite.add({ id: 'a', title: 'A', status: 'pass', message: '' })
      suite.add({ id: 'b', title: 'B', status: 'fail', message: 'bad' })
      suite.metric('throughput', 812.5, 'MB/s')
      const result = suite.finish()
      expect(result.status).toBe('fail')
      expect(result.metrics).toEqual({ throughput: { value: 812.5, unit: 'MB/s' } })
      expect(SuiteResult.safeParse(result).success).toBe(true)
    })

    it('marks a partial result as error with a check saying why', () => {
      const suite = new SuiteBuilder('s', leg)
      suite.add({ id: 'a', title: 'A', status: 'pass', message: '' })
      suite.markPartial('network went away')
      const result = suite.finish()
      expect(result.partial).toBe(true)
      expect(result.status).toBe('error')
      expect(result.checks.at(-1)).toMatchObject({ id: 'engine:incomplete', message: 'network went away' })
    })
  })
})
