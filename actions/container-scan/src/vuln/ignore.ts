import { readFile } from 'node:fs/promises'
import { describeError, PostflightError } from '@postflight/core'
import { parse as parseYaml } from 'yaml'
import { z } from 'zod'
import type { Finding } from '../types.ts'

// The ignore file: a YAML list of accepted findings, each with WHY and UNTIL WHEN. A rule past its
// expiry date ignores nothing and is returned as expired, so the scan fails loudly instead of an
// exception silently outliving its reason.

const DATE = /^\d{4}-\d{2}-\d{2}$/

export const IgnoreRule = z.strictObject({
  id: z.string().min(1),
  /** A package name, a full purl, or a purl without version (any version of that package). */
  package: z.string().min(1).optional(),
  reason: z.string().trim().min(1, 'a reason is required'),
  expires: z
    .string('expires is required, as YYYY-MM-DD')
    .regex(DATE, 'expires must be a date as YYYY-MM-DD')
    // Round-tripped because Date.parse accepts 2030-02-30.
    .refine((d) => {
      const t = Date.parse(`${d}T00:00:00Z`)
      return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === d
    }, 'expires is not a real date'),
})

export type IgnoreRule = z.infer<typeof IgnoreRule>

function bad(file: string, message: string, cause?: unknown): PostflightError {
  return new PostflightError('BAD_INPUT', `ignore file ${file}: ${message}`, { field: 'ignore-file', cause })
}

/** Reads and validates an ignore file; a bad entry fails naming the file, the entry and the field. */
export async function loadIgnoreFile(path: string): Promise<IgnoreRule[]> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    throw bad(path, `cannot be read (${describeError(err)}).`, err)
  }
  let doc: unknown
  try {
    doc = parseYaml(text)
  } catch (err) {
    throw bad(path, `is not valid YAML (${describeError(err)}).`, err)
  }
  if (doc === null || doc === undefined) return []
  if (!Array.isArray(doc)) {
    throw bad(path, 'expected a YAML list of {id, package?, reason, expires} entries.')
  }
  return doc.map((entry: unknown, i) => {
    const parsed = IgnoreRule.safeParse(entry)
    if (parsed.success) return parsed.data
    const id = (entry as { id?: unknown } | null)?.id
    const which = `entry ${i + 1}${typeof id === 'string' ? ` (${id})` : ''}`
    const issues = parsed.error.issues
      .map((issue) =>
        issue.code === 'unrecognized_keys'
          ? `unknown key ${issue.keys.join(', ')} (allowed: id, package, reason, expires)`
          : `${issue.path.join('.') || 'entry'}: ${issue.message}`,
      )
      .join('; ')
    throw bad(path, `${which}: ${issues}.`)
  })
}

/** Whether a rule still holds on `now`: it covers its whole expiry day (UTC). */
export function ruleExpired(rule: IgnoreRule, now: Date): boolean {
  return now.getTime() >= Date.parse(`${rule.expires}T00:00:00Z`) + 24 * 3600 * 1000
}

/** `pkg:npm/lodash@4.17.20?x=y` → `pkg:npm/lodash`, so a rule can name a package at any version. */
function purlWithoutVersion(purl: string): string {
  return purl.replace(/[?#].*$/, '').replace(/@[^/@]*$/, '')
}

function covers(rule: IgnoreRule, f: Finding): boolean {
  if (rule.id !== f.id && !f.aliases.includes(rule.id)) return false
  const p = rule.package
  if (p === undefined || p === f.package.name || p === f.package.purl) return true
  return p.startsWith('pkg:') && !p.includes('@') && p === purlWithoutVersion(f.package.purl)
}

/**
 * Splits findings into kept and ignored by the rules still in force, and lists the rules that have
 * expired (which the engine turns into a failing check). An expired rule ignores nothing.
 */
export function applyIgnores(
  findings: Finding[],
  rules: IgnoreRule[],
  now: Date,
): { kept: Finding[]; ignored: Finding[]; expired: IgnoreRule[] } {
  const expired = rules.filter((r) => ruleExpired(r, now))
  const live = rules.filter((r) => !ruleExpired(r, now))
  const kept: Finding[] = []
  const ignored: Finding[] = []
  for (const f of findings) (live.some((r) => covers(r, f)) ? ignored : kept).push(f)
  return { kept, ignored, expired }
}
