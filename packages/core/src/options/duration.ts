import { z } from 'zod'
import { PostflightError } from '../errors.ts'

const EXPECTED = 'a duration like 500ms, 30s, 5m, 1h or 1m30s (a bare number is seconds)'

// Largest unit first, each at most once, so `1m30s` reads one way and `30s1m` is a typo we report.
const UNITS = [
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
  ['ms', 1],
] as const

const PART = /^(\d+(?:\.\d+)?)(ms|h|m|s)\s*/
const BARE_NUMBER = /^\d+(?:\.\d+)?$/

function parseParts(text: string): number | undefined {
  let rest = text
  let total = 0
  let nextUnit = 0
  while (rest.length > 0) {
    const match = PART.exec(rest)
    if (!match) return undefined
    const [whole, amount, unit] = match
    const index = UNITS.findIndex(([name]) => name === unit)
    if (index < nextUnit) return undefined
    nextUnit = index + 1
    total += Number(amount) * (UNITS[index]?.[1] ?? Number.NaN)
    rest = rest.slice(whole.length)
  }
  return total
}

function toMs(value: string | number): number | undefined {
  let ms: number | undefined
  if (typeof value === 'number') {
    ms = value * 1000
  } else {
    const text = value.trim()
    if (text === '') return undefined
    ms = BARE_NUMBER.test(text) ? Number(text) * 1000 : parseParts(text)
  }
  if (ms === undefined || !Number.isFinite(ms) || ms < 0 || ms > Number.MAX_SAFE_INTEGER) return undefined
  return Math.round(ms)
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value)
}

/**
 * Reads a duration as milliseconds: `500ms`, `30s`, `5m`, `1h`, `1m30s`, or a bare number of seconds
 * (`30`, `0.5`). Throws a `BAD_INPUT` PostflightError naming `field` for anything else.
 */
export function parseDuration(text: string | number, field: string): number {
  const ms = toMs(text)
  if (ms === undefined) {
    throw new PostflightError('BAD_INPUT', `Input "${field}" must be ${EXPECTED}; got ${show(text)}.`, {
      field,
    })
  }
  return ms
}

/**
 * A zod schema reading a duration (string or number, as `parseDuration`) into milliseconds. The issue
 * path names the field. Zod 4 defaults apply to the output, so write `.default(30_000)` or `.prefault('30s')`.
 */
export const durationSchema = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const ms = toMs(value)
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `Expected ${EXPECTED}; got ${show(value)}.`, input: value })
    return z.NEVER
  }
  return ms
})
