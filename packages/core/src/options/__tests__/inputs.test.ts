import { describe, expect, it, test } from 'vitest'
import { z } from 'zod'
import { isPostflightError } from '../../errors.ts'
import { booleanInput, commonInputs, listInput, parseInputs, textListInput } from '../inputs.ts'

const schema = z
  .object({
    directory: z.string().min(1),
    'check-archives': booleanInput.default(true),
    'expected-assets': listInput.optional(),
    'public-key': textListInput.optional(),
    ...commonInputs,
  })
  .strict()

describe('#booleanInput', () => {
  test.each([
    ['true', true],
    ['TRUE', true],
    ['yes', true],
    ['1', true],
    ['false', false],
    ['No', false],
    ['off', false],
    [true, true],
    [false, false],
  ])('reads %j as %j', (input, expected) => {
    expect(booleanInput.parse(input)).toBe(expected)
  })

  it('rejects anything else, quoting the value', () => {
    const r = booleanInput.safeParse('maybe')
    expect(r.success).toBe(false)
    expect(r.error?.issues[0]?.message).toBe('expected true or false, got "maybe"')
  })
})

describe('#listInput', () => {
  test.each([
    ['a\nb\n\nc', ['a', 'b', 'c']],
    ['app-{a,b}.zip', ['app-{a,b}.zip']],
    ['a\r\n# comment\nb', ['a', 'b']],
    [
      ['x', 'y\nz'],
      ['x', 'y', 'z'],
    ],
  ])('splits %j into %j', (input, expected) => {
    expect(listInput.parse(input)).toEqual(expected)
  })
})

describe('#textListInput', () => {
  it('keeps an armored key whole, newlines and all', () => {
    const key = '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nabc,def\n-----END PGP PUBLIC KEY BLOCK-----'
    expect(textListInput.parse(key)).toEqual([key])
  })

  it('splits file paths by line', () => {
    expect(textListInput.parse('a.asc\nb.asc\n')).toEqual(['a.asc', 'b.asc'])
  })
})

describe('#parseInputs', () => {
  it('applies defaults and treats empty strings as absent', () => {
    const options = parseInputs(schema, { directory: 'dist', 'check-archives': '', 'results-dir': '' })
    expect(options).toMatchObject({
      directory: 'dist',
      'check-archives': true,
      'results-dir': 'postflight-results',
      'fail-on': 'fail',
    })
  })

  describe('when an input is invalid', () => {
    it('names the input and what was expected', () => {
      try {
        parseInputs(schema, { directory: 'dist', 'check-archives': 'sometimes', 'fail-on': 'always' })
        expect.unreachable()
      } catch (err) {
        expect(isPostflightError(err, 'BAD_INPUT')).toBe(true)
        const message = (err as Error).message
        expect(message).toContain(`input 'check-archives': expected true or false, got "sometimes"`)
        expect(message).toContain(`input 'fail-on': expected one of fail, warn, never, got "always"`)
      }
    })

    it('names a missing required input', () => {
      expect(() => parseInputs(schema, {})).toThrow(/input 'directory'/)
    })

    it('names CLI flags as flags and suggests the nearest valid one', () => {
      expect(() => parseInputs(schema, { directory: 'd', 'check-archive': 'true' }, 'cli')).toThrow(
        'unknown flag --check-archive (did you mean --check-archives?)',
      )
    })
  })
})
