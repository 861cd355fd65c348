import { describe, expect, it, test } from 'vitest'
import { z } from 'zod'
import { isPostflightError } from '../../errors.ts'
import { durationSchema, parseDuration } from '../duration.ts'

const valid: Array<[string | number, number]> = [
  ['500ms', 500],
  ['30s', 30_000],
  ['5m', 300_000],
  ['1h', 3_600_000],
  ['1m30s', 90_000],
  ['1h2m3s4ms', 3_723_004],
  ['1m 30s', 90_000],
  ['  45s ', 45_000],
  ['1.5s', 1_500],
  ['0', 0],
  ['30', 30_000],
  ['0.25', 250],
  [30, 30_000],
  [0.5, 500],
  [0, 0],
]

const invalid: Array<string | number> = [
  '',
  '   ',
  'abc',
  '30x',
  '-5s',
  '5 s',
  '30s1m',
  '1m1m',
  '5M',
  '1d',
  's',
  '.5s',
  '1e3',
  '30s trailing',
  -1,
  Number.NaN,
  Number.POSITIVE_INFINITY,
]

describe('#parseDuration', () => {
  describe('when the text is a valid duration', () => {
    test.each(valid)('reads %j as %d ms', (text, ms) => {
      expect(parseDuration(text, 'timeout')).toBe(ms)
    })
  })

  describe('when the text is not a duration', () => {
    test.each(invalid)('rejects %j with BAD_INPUT naming the field and the expected form', (text) => {
      let thrown: unknown
      try {
        parseDuration(text, 'wait-timeout')
      } catch (err) {
        thrown = err
      }
      expect(isPostflightError(thrown, 'BAD_INPUT')).toBe(true)
      const err = thrown as Error & { field?: string }
      expect(err.field).toBe('wait-timeout')
      expect(err.message).toContain('"wait-timeout"')
      expect(err.message).toContain('500ms, 30s, 5m, 1h or 1m30s')
    })
  })
})

describe('#durationSchema', () => {
  const schema = z.object({ 'wait-timeout': durationSchema })

  describe('when the value is valid', () => {
    test.each(valid)('transforms %j to %d ms', (text, ms) => {
      expect(schema.parse({ 'wait-timeout': text })).toEqual({ 'wait-timeout': ms })
    })
  })

  describe('when the value is invalid', () => {
    it('reports an issue at the field path with the expected form', () => {
      const result = schema.safeParse({ 'wait-timeout': '5 minutes' })
      expect(result.success).toBe(false)
      const issue = result.error?.issues[0]
      expect(issue?.path).toEqual(['wait-timeout'])
      expect(issue?.message).toBe(
        'Expected a duration like 500ms, 30s, 5m, 1h or 1m30s (a bare number is seconds); got "5 minutes".',
      )
    })
  })

  describe('when a default is given with prefault', () => {
    it('parses the default like any input', () => {
      expect(z.object({ t: durationSchema.prefault('2m') }).parse({})).toEqual({ t: 120_000 })
    })
  })
})
