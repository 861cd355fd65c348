import { PostflightError } from '@postflight/core'
import type { z } from 'zod'
import type { Ecosystem, Finding, InventoryPackage, Severity } from '../types.ts'
import { cvssScore, severityOfRating } from './severity.ts'
import { versionCompare } from './version/index.ts'

export interface ParsedReport {
  findings: Finding[]
  packages: InventoryPackage[]
}

/** Validates a scanner report; a failure is BAD_INPUT naming the file and the first fields at fault. */
export function parseReport<T>(
  schema: z.ZodType<T>,
  json: unknown,
  file: string,
  tool: string,
  input: string,
): T {
  const parsed = schema.safeParse(json)
  if (parsed.success) return parsed.data
  const where = parsed.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(top level)'}: ${i.message}`)
    .join('; ')
  throw new PostflightError(
    'BAD_INPUT',
    `${file} is not a ${tool} JSON report: ${where}. Pass the file written by \`${tool} ... --format json\` (or \`-o json\`).`,
    { field: input },
  )
}

/** The tool's own severity word (Trivy `MEDIUM`, Grype `Negligible`) as a Postflight severity. */
export function toolSeverity(word: string | undefined): Severity {
  return severityOfRating(word) ?? 'unknown'
}

/**
 * The lowest fix on the installed version's line: tools list one fix per line (`6.0.3.1, 5.2.4.3`);
 * the lowest one above the installed version is the one to upgrade to.
 */
export function fixOnLine(fixes: string[], installed: string, ecosystem: Ecosystem): string | undefined {
  const list = fixes.map((f) => f.trim()).filter((f) => f !== '')
  const compare = versionCompare(ecosystem)
  if (list.length <= 1 || !compare) return list[0]
  try {
    const above = list.filter((f) => compare(f, installed) > 0).sort(compare)
    return above[0] ?? list[0]
  } catch {
    return list[0]
  }
}

/** The score of the first readable vector, preferring the given order. */
export function scoreOf(vectors: (string | undefined)[]): { score: number; cvssVector: string } | undefined {
  for (const v of vectors) {
    if (!v) continue
    const score = cvssScore(v)
    if (score !== undefined) return { score, cvssVector: v }
  }
  return undefined
}

/** One package per purl (or name@version), in first-seen order. */
export function uniquePackages(pkgs: InventoryPackage[]): InventoryPackage[] {
  const seen = new Map<string, InventoryPackage>()
  for (const p of pkgs) {
    const key = `${p.ecosystem}\0${p.purl || `${p.name}@${p.version}`}\0${p.location}`
    if (!seen.has(key)) seen.set(key, p)
  }
  return [...seen.values()]
}
