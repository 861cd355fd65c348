import { z } from 'zod'
import { PostflightError } from '../errors.ts'
import { nearest } from './config.ts'

/** Raw inputs as an adapter received them: action inputs are strings, CLI flags strings, lists or booleans. */
export type RawInputs = Record<string, string | string[] | boolean | undefined>

const TRUE = new Set(['true', 'yes', '1', 'on'])
const FALSE = new Set(['false', 'no', '0', 'off'])

/** A boolean input: `true`/`false` (also yes/no, on/off, 1/0); GitHub passes every input as a string. */
export const booleanInput = z.preprocess(
  (v) => {
    if (typeof v !== 'string') return v
    const s = v.trim().toLowerCase()
    if (TRUE.has(s)) return true
    if (FALSE.has(s)) return false
    return v
  },
  z.boolean({ error: (issue) => `expected true or false, got ${JSON.stringify(issue.input)}` }),
)

/**
 * A list input: one item per line (blank lines and `#` comments dropped), or a repeated flag.
 * Not split on commas: names and globs (`app-{a,b}.zip`) may contain them.
 */
export const listInput = z.preprocess((v) => {
  const parts = Array.isArray(v) ? v : typeof v === 'string' ? [v] : v
  if (!Array.isArray(parts)) return parts
  return parts
    .flatMap((p) => String(p).split(/\r?\n/))
    .map((s) => s.trim())
    .filter((s) => s.length > 0 && !s.startsWith('#'))
}, z.array(z.string()))

/** Like listInput, but keeps each newline-separated block whole (armored keys contain commas and newlines). */
export const textListInput = z.preprocess((v) => {
  const parts = Array.isArray(v) ? v : typeof v === 'string' ? [v] : v
  if (!Array.isArray(parts)) return parts
  const out: string[] = []
  for (const p of parts.map(String)) {
    if (p.includes('-----BEGIN')) out.push(p.trim())
    else out.push(...p.split(/\r?\n/).map((s) => s.trim()))
  }
  return out.filter((s) => s.length > 0 && !s.startsWith('#'))
}, z.array(z.string()))

export const FailOnInput = z.enum(['fail', 'warn', 'never'], {
  error: (issue) => `expected one of fail, warn, never, got ${JSON.stringify(issue.input)}`,
})

/** Inputs every action shares (ARCHITECTURE.md). */
export const commonInputs = {
  'results-dir': z
    .string()
    .min(1)
    .default('postflight-results')
    .describe('Folder the results file is written to'),
  'fail-on': FailOnInput.default('fail').describe('fail | warn | never: which findings fail the step'),
  config: z
    .string()
    .optional()
    .describe('Path to postflight.yml (defaults < postflight.yml < environment < inputs)'),
}

/**
 * Parses raw inputs with an action's zod schema. Empty strings count as absent (GitHub sets every
 * declared input, empty when not given). A failure names each input and what was expected.
 */
export function parseInputs<S extends z.ZodType>(
  schema: S,
  raw: RawInputs,
  style: 'action' | 'cli' = 'action',
): z.output<S> {
  const cleaned: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined || value === '') continue
    if (Array.isArray(value) && value.length === 0) continue
    cleaned[key] = value
  }
  const parsed = schema.safeParse(cleaned)
  if (parsed.success) return parsed.data
  const lines = parsed.error.issues.map((issue) => {
    const key = issue.path.length > 0 ? String(issue.path[0]) : ''
    if (issue.code === 'unrecognized_keys') {
      const known = schema instanceof z.ZodObject ? inputNames(schema) : []
      return issue.keys
        .map((k) => {
          const hint = nearest(k, known)
          const what = style === 'cli' ? `flag --${k}` : `input '${k}'`
          return `unknown ${what}${hint ? ` (did you mean ${style === 'cli' ? `--${hint}` : `'${hint}'`}?)` : ''}`
        })
        .join('; ')
    }
    const name = key === '' ? 'inputs' : style === 'cli' ? `--${key}` : `input '${key}'`
    return `${name}: ${issue.message}`
  })
  const field = parsed.error.issues[0]?.path[0]
  throw new PostflightError(
    'BAD_INPUT',
    lines.join('\n'),
    field === undefined ? {} : { field: String(field) },
  )
}

/** The keys of an object schema, in declaration order (action.yml inputs, CLI flags). */
export function inputNames(schema: z.ZodObject): string[] {
  return Object.keys(schema.shape)
}
