import cvss from 'ae-cvss-calculator'
import type { Severity } from '../types.ts'

export interface Rated {
  severity: Severity
  score?: number
  cvssVector?: string
}

/** CVSS v3/v4 qualitative rating bands (FIRST), which NVD also applies to v2 except that v2 has no critical. */
export function severityOfScore(score: number, version: 2 | 3 | 4 = 3): Severity {
  if (score >= 9 && version !== 2) return 'critical'
  if (score >= 7) return 'high'
  if (score >= 4) return 'medium'
  return 'low'
}

function versionOf(vector: string): 2 | 3 | 4 {
  if (vector.startsWith('CVSS:4')) return 4
  if (vector.startsWith('CVSS:3')) return 3
  return 2
}

/** The base score of a CVSS v2, v3.0, v3.1 or v4.0 vector, or undefined when it cannot be read. */
export function cvssScore(vector: string): number | undefined {
  try {
    const parsed = cvss.fromVector(vector.trim()) as
      | { calculateScores(): { base?: number; overall?: number } }
      | undefined
    const scores = parsed?.calculateScores()
    const score = scores?.base ?? scores?.overall
    return typeof score === 'number' && Number.isFinite(score) ? score : undefined
  } catch {
    return undefined
  }
}

/** Database ratings: GHSA (`MODERATE`), Debian urgency (`unimportant`), Ubuntu priority, Trivy/Grype names. */
export function severityOfRating(rating: string | undefined): Severity | undefined {
  switch (rating?.trim().toLowerCase()) {
    case 'critical':
      return 'critical'
    case 'high':
    case 'important':
      return 'high'
    case 'moderate':
    case 'medium':
      return 'medium'
    case 'low':
    case 'negligible':
    case 'unimportant':
      return 'low'
    default:
      return undefined
  }
}

const VECTOR_PREFERENCE = ['CVSS_V4', 'CVSS_V3', 'CVSS_V2']

/**
 * The severity of an advisory: the newest CVSS vector it gives, scored with ae-cvss-calculator, else
 * the database's own rating, else `unknown`.
 */
export function rate(severity: readonly { type: string; score: string }[], rating?: string): Rated {
  const vectors = [...severity]
    .filter((s) => VECTOR_PREFERENCE.includes(s.type))
    .sort((a, b) => VECTOR_PREFERENCE.indexOf(a.type) - VECTOR_PREFERENCE.indexOf(b.type))
  for (const { score: vector } of vectors) {
    const score = cvssScore(vector)
    if (score !== undefined)
      return { severity: severityOfScore(score, versionOf(vector)), score, cvssVector: vector }
  }
  const typed = severity.find((s) => !VECTOR_PREFERENCE.includes(s.type))
  return { severity: severityOfRating(rating) ?? severityOfRating(typed?.score) ?? 'unknown' }
}
