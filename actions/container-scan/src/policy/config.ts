import { readFile } from 'node:fs/promises'
import { PostflightError } from '@postflight/core'
import parseSpdx from 'spdx-expression-parse'
import { parse } from 'yaml'
import { z } from 'zod'

/** What a broken rule does: fail the check, warn, or the rule is not checked at all. */
export const Level = z.enum(['fail', 'warn', 'off'])
export type Level = z.infer<typeof Level>

/** A rule is written as its level (`warn`, `off`, `false`) or as an object with `level` and options. */
function rule<T extends z.ZodRawShape>(shape: T, level: Level) {
  const full = z.object({ level: Level.default(level), ...shape }).strict()
  return z.preprocess((v) => {
    if (v === false) return { level: 'off' }
    if (v === true) return {}
    if (typeof v === 'string') return { level: v }
    return v ?? {}
  }, full)
}

const sizeText = z
  .union([
    z.number().positive(),
    z.string().regex(/^\d+(\.\d+)?\s*(B|KB|MB|GB|KiB|MiB|GiB)?$/i, 'expected e.g. 500MB or 1.5GiB'),
  ])
  .transform(parseSize)
const ageText = z
  .union([z.number().positive(), z.string().regex(/^\d+\s*(h|d|w)$/i, 'expected e.g. 90d, 12w or 48h')])
  .transform(parseAge)
const portText = z.union([
  z.number().int(),
  z.string().regex(/^\d+(-\d+)?(\/(tcp|udp|sctp))?$/, 'expected e.g. 8080, 8080/tcp or 8000-8100'),
])

/** One SPDX licence id (`MIT`, `GPL-2.0-only`, `LicenseRef-x`): a typo in a deny list would deny nothing. */
function isSpdxId(id: string): boolean {
  try {
    return 'license' in parseSpdx(id)
  } catch {
    return false
  }
}
const spdxId = z
  .string()
  .min(1)
  .refine(isSpdxId, {
    error: (issue) =>
      `${JSON.stringify(issue.input)} is not an SPDX licence id (see https://spdx.org/licenses/, e.g. MIT, GPL-3.0-only)`,
  })

export const PolicySchema = z
  .object({
    'non-root': rule({}, 'fail'),
    healthcheck: rule({}, 'warn'),
    ports: rule({ allow: z.array(portText).optional() }, 'fail'),
    secrets: rule({}, 'fail'),
    labels: rule(
      {
        required: z.array(z.string().min(1)).default(['org.opencontainers.image.source']),
        'version-matches-tag': z.boolean().default(true),
      },
      'fail',
    ),
    size: rule({ max: sizeText.optional() }, 'fail'),
    age: rule({ max: ageText.optional() }, 'warn'),
    licenses: rule(
      {
        allow: z.array(spdxId).optional(),
        deny: z.array(spdxId).optional(),
        'fail-on-unknown': z.boolean().default(false),
      },
      'fail',
    ),
  })
  .strict()

export type Policy = z.output<typeof PolicySchema>

export function parseSize(v: number | string): number {
  if (typeof v === 'number') return v
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(v.trim())
  const unit = (m?.[2] ?? '').toLowerCase()
  const factor: Record<string, number> = {
    '': 1,
    b: 1,
    kb: 1e3,
    mb: 1e6,
    gb: 1e9,
    kib: 1024,
    mib: 1024 ** 2,
    gib: 1024 ** 3,
  }
  return Math.round(Number(m?.[1]) * (factor[unit] ?? 1))
}

/** Milliseconds; a bare number is days. */
export function parseAge(v: number | string): number {
  const DAY = 86_400_000
  if (typeof v === 'number') return v * DAY
  const m = /^(\d+)\s*([hdw])$/i.exec(v.trim())
  const unit = { h: DAY / 24, d: DAY, w: 7 * DAY }[(m?.[2] ?? 'd').toLowerCase() as 'h' | 'd' | 'w']
  return Number(m?.[1]) * unit
}

/**
 * Reads the `policy` input: YAML text, or the path of a .yml/.yaml file holding it. Unknown rules
 * and options are named in the error, with the path of the key (e.g. `licenses.alow`).
 */
export async function loadPolicy(input: string | undefined): Promise<Policy> {
  if (!input) return PolicySchema.parse({})
  let text = input
  if (!input.includes('\n') && /\.ya?ml$/i.test(input.trim())) {
    text = await readFile(input.trim(), 'utf8').catch((err: unknown) => {
      throw new PostflightError('BAD_INPUT', `input 'policy': ${input} could not be read`, {
        field: 'policy',
        cause: err,
      })
    })
  }
  let raw: unknown
  try {
    raw = parse(text) ?? {}
  } catch (err) {
    throw new PostflightError('BAD_INPUT', `input 'policy' is not YAML: ${(err as Error).message}`, {
      field: 'policy',
      cause: err,
    })
  }
  const parsed = PolicySchema.safeParse(raw)
  if (parsed.success) return parsed.data
  const lines = parsed.error.issues.map((issue) => {
    const at = issue.path.join('.')
    if (issue.code === 'unrecognized_keys') {
      return `unknown ${at ? `option${issue.keys.length > 1 ? 's' : ''} of ${at}` : `rule${issue.keys.length > 1 ? 's' : ''}`}: ${issue.keys.join(', ')}`
    }
    return `${at || 'policy'}: ${issue.message}`
  })
  throw new PostflightError(
    'BAD_INPUT',
    `input 'policy': ${lines.join('; ')} (rules: ${Object.keys(PolicySchema.shape).join(', ')})`,
    { field: 'policy' },
  )
}
