import { parse } from 'yaml'
import { z } from 'zod'

/**
 * The preprocess step of a list input written as YAML text (a list, one mapping, or a bare string),
 * or as several such texts from a repeated CLI flag. A bare string becomes items through `fromText`,
 * a string inside the list through `fromItem`; mappings pass as they are. A YAML error is a zod
 * issue, so it names the input.
 */
export function yamlListPreprocess(
  fromText: (text: string) => unknown[],
  fromItem: (text: string) => unknown,
): (raw: unknown, ctx: z.RefinementCtx) => unknown {
  return (raw, ctx) => {
    const texts = Array.isArray(raw) ? raw : [raw]
    const out: unknown[] = []
    for (const text of texts) {
      if (typeof text !== 'string') {
        out.push(text)
        continue
      }
      let doc: unknown
      try {
        doc = parse(text)
      } catch (err) {
        ctx.issues.push({ code: 'custom', message: `not valid YAML: ${(err as Error).message}`, input: text })
        return z.NEVER
      }
      if (typeof doc === 'string') out.push(...fromText(doc))
      else if (Array.isArray(doc)) out.push(...doc.map((d) => (typeof d === 'string' ? fromItem(d) : d)))
      else if (doc !== null && doc !== undefined) out.push(doc)
    }
    return out
  }
}
