import { booleanInput } from '@postflight/core'
import { commandsInput, type SmokeCommand } from '@postflight/platform-smoke'
import { parse } from 'yaml'
import { z } from 'zod'

/** A functional check: a platform-smoke command, plus `parallel: true` to run beside the other parallel ones. */
export type FunctionalCommand = SmokeCommand & { parallel: boolean }

// YAML text (or texts, from a repeated flag) to a list of items; platform-smoke's own schema then reads
// each item, after `parallel` — the one key it does not know — is set aside.
function toItems(raw: unknown, ctx: z.RefinementCtx): unknown {
  const texts = Array.isArray(raw) ? raw : [raw]
  const items: unknown[] = []
  for (const text of texts) {
    if (typeof text !== 'string') {
      items.push(text)
      continue
    }
    try {
      const doc: unknown = parse(text)
      if (Array.isArray(doc)) items.push(...doc)
      else if (doc !== null && doc !== undefined) items.push(doc)
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `not valid YAML: ${(err as Error).message}` })
      return z.NEVER
    }
  }
  return items
}

/** The `commands` input: the same shape as platform-smoke's (run, expect-exit, expect-output, timeout, env, name) and `parallel`. */
export const functionalCommandsInput = z
  .unknown()
  .transform(toItems)
  .pipe(z.array(z.union([z.string(), z.looseObject({ parallel: booleanInput.default(false) })])))
  .transform((items, ctx): FunctionalCommand[] => {
    const parallel = items.map((i) => typeof i !== 'string' && i.parallel)
    const rest = items.map((i) => {
      if (typeof i === 'string') return { run: i }
      const { parallel: _ignored, ...command } = i
      return command
    })
    const parsed = commandsInput.safeParse(rest)
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path as PropertyKey[] })
      return z.NEVER
    }
    // Unique ids: platform-smoke's schema refuses two commands of one name and a name of digits only,
    // which would be the id of an unnamed command (called by its position).
    return parsed.data.map((c, i) => ({ ...c, parallel: parallel[i] === true }))
  })

/** The check id of a functional command: `functional:<name>`, or its 1-based position when unnamed. */
export function functionalId(command: FunctionalCommand, index: number): string {
  return `functional:${command.name ?? String(index + 1)}`
}
