import { type Finding, SEVERITIES, type Severity } from '../types.ts'

export interface GateOptions {
  /** Findings at or above this severity block. */
  threshold: Severity
  /** When on, findings without a fixed version never block. */
  ignoreUnfixed: boolean
}

/**
 * The verdict input: which findings block the release. It reads only the findings, never which output
 * formats were asked for, so the exit status cannot change with `sarif-file` or `sbom-file`.
 */
export function gateFindings(
  findings: Finding[],
  options: GateOptions,
): { blocking: Finding[]; below: Finding[] } {
  const limit = SEVERITIES.indexOf(options.threshold)
  const blocking: Finding[] = []
  const below: Finding[] = []
  for (const f of findings) {
    const blocks = SEVERITIES.indexOf(f.severity) <= limit && !(options.ignoreUnfixed && !f.fixedVersion)
    ;(blocks ? blocking : below).push(f)
  }
  return { blocking, below }
}
