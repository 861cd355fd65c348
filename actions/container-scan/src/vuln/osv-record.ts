import { z } from 'zod'

// The parts of the OSV schema (https://ossf.github.io/osv-schema/) the matcher reads. Everything else
// (details, references, credits, database_specific, ecosystem_specific...) is allowed and ignored, so
// new fields in the feeds never break a scan. Real exports carry `null` where a list is empty
// (RUSTSEC has `schema_version: null`), hence the nullish lists.

const OsvEvent = z.object({
  introduced: z.string().optional(),
  fixed: z.string().optional(),
  last_affected: z.string().optional(),
  limit: z.string().optional(),
})

const OsvSeverity = z.object({ type: z.string(), score: z.string() })

const OsvRange = z.object({
  type: z.string(),
  events: z.array(OsvEvent),
})

const OsvAffected = z.object({
  package: z.object({ ecosystem: z.string(), name: z.string(), purl: z.string().nullish() }).nullish(),
  severity: z.array(OsvSeverity).nullish(),
  ranges: z.array(OsvRange).nullish(),
  versions: z.array(z.string()).nullish(),
  database_specific: z.unknown().optional(),
  ecosystem_specific: z.unknown().optional(),
})

export const OsvRecord = z.object({
  id: z.string().min(1),
  withdrawn: z.string().nullish(),
  aliases: z.array(z.string()).nullish(),
  summary: z.string().nullish(),
  details: z.string().nullish(),
  severity: z.array(OsvSeverity).nullish(),
  affected: z.array(OsvAffected).nullish(),
  references: z.array(z.object({ type: z.string(), url: z.string() })).nullish(),
  database_specific: z.unknown().optional(),
})

export type OsvRecord = z.infer<typeof OsvRecord>
export type OsvEvent = z.infer<typeof OsvEvent>
export type OsvSeverity = z.infer<typeof OsvSeverity>
