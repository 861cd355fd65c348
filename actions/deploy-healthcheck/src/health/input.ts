import { parse } from 'yaml'
import { z } from 'zod'
import { nameChecks } from './names.ts'
import { HealthCheckSpec as HealthCheckSchema, type HealthCheckSpec } from './spec.ts'

/** A parsed check that is sure to have a name. */
export type NamedHealthCheck = HealthCheckSpec & { name: string }

function readDocument(raw: unknown, ctx: z.RefinementCtx): unknown[] | undefined {
  // Several texts come from a repeated CLI flag; a YAML text that is one URL reads as that string.
  const texts = Array.isArray(raw) ? raw : [raw]
  const out: unknown[] = []
  for (const text of texts) {
    let doc: unknown = text
    if (typeof text === 'string') {
      try {
        doc = parse(text)
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: `not valid YAML: ${(err as Error).message}` })
        return undefined
      }
    }
    if (doc === null || doc === undefined) continue
    out.push(...(Array.isArray(doc) ? doc : [doc]))
  }
  // A bare string in the list is a URL, as with --check.
  return out.map((entry) => (typeof entry === 'string' ? { url: entry } : entry))
}

function where(index: number, entry: unknown): string {
  const name = (entry as { name?: unknown } | null)?.name
  return typeof name === 'string' ? `check ${index + 1} (${name})` : `check ${index + 1}`
}

/**
 * The `checks` input: a YAML list (text, several texts from a repeated flag, or an already-parsed
 * list) of health checks; a plain string entry is a URL. Every check comes out named, uniquely. A bad
 * entry's message names the check and its field (`check 2 (db): timeout: Expected a duration…`),
 * because an action input's error only names the input itself.
 */
export const HealthChecksInput = z.unknown().transform((raw, ctx): NamedHealthCheck[] => {
  const entries = readDocument(raw, ctx)
  if (entries === undefined) return z.NEVER
  const checks: HealthCheckSpec[] = []
  let ok = true
  for (const [i, entry] of entries.entries()) {
    const parsed = HealthCheckSchema.safeParse(entry)
    if (parsed.success) {
      checks.push(parsed.data)
      continue
    }
    ok = false
    for (const issue of parsed.error.issues) {
      const field = issue.path.map(String).join('.')
      const message =
        issue.code === 'invalid_union' && field === 'kind'
          ? 'expected kind http, tcp, postgres, redis, command or container (or a url that says which)'
          : issue.message
      ctx.addIssue({
        code: 'custom',
        message: `${where(i, entry)}: ${field === '' ? '' : `${field}: `}${message}`,
      })
    }
  }
  if (!ok) return z.NEVER
  const names = new Set<string>()
  for (const check of checks) {
    if (check.name === undefined) continue
    if (names.has(check.name)) {
      ctx.addIssue({ code: 'custom', message: `two checks are named ${check.name}; names must be unique` })
      return z.NEVER
    }
    names.add(check.name)
  }
  return nameChecks(checks) as NamedHealthCheck[]
})
