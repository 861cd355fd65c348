import type { Check, Report, SuiteResult } from '@postflight/core'
import type { Log, ReportingDescriptor, Result, Run } from 'sarif'

/** Code scanning's upload limits: runs per file, results per run. */
export const SARIF_LIMITS = { runsPerFile: 20, resultsPerRun: 25_000 } as const

const LEVEL = { fail: 'error', error: 'error', warn: 'warning' } as const

const ruleOf = (id: string): string => id.split(':')[0] || id

/**
 * SARIF 2.1.0 for code scanning: one run per suite × leg, with a unique `automationDetails.id` so
 * uploads never clash on a category. Only failed, errored or warned checks with a location become
 * results. Every leg gets a run even without results: an empty run is how code scanning learns that
 * the category's earlier alerts are fixed. A run past 25,000 results is split into parts (each its
 * own category), and the runs into files of at most 20: the first file is `report.sarif`, the next
 * `report-2.sarif`, and so on. Returns the logs in file order.
 */
export function renderSarif(
  report: Report,
  limits: { runsPerFile: number; resultsPerRun: number } = SARIF_LIMITS,
  toolVersion = '0.1.0',
): Log[] {
  const runs: Run[] = []
  for (const s of report.suites) {
    const located = s.checks.filter(
      (c) => c.location && (c.status === 'fail' || c.status === 'error' || c.status === 'warn'),
    )
    const parts = Math.max(1, Math.ceil(located.length / limits.resultsPerRun))
    for (let p = 0; p < parts; p++) {
      runs.push(
        run(s, located.slice(p * limits.resultsPerRun, (p + 1) * limits.resultsPerRun), p, toolVersion),
      )
    }
  }
  const logs: Log[] = []
  for (let i = 0; i < Math.max(1, runs.length); i += limits.runsPerFile) {
    logs.push({
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: runs.slice(i, i + limits.runsPerFile),
    })
  }
  return logs
}

/** The file name of the n-th SARIF log (0-based). */
export function sarifFileName(n: number): string {
  return n === 0 ? 'report.sarif' : `report-${n + 1}.sarif`
}

function run(s: SuiteResult, checks: readonly Check[], part: number, version: string): Run {
  const rules = new Map<string, ReportingDescriptor>()
  for (const c of checks) {
    const id = ruleOf(c.id)
    if (!rules.has(id)) rules.set(id, { id, shortDescription: { text: c.title } })
  }
  const ruleIds = [...rules.keys()]
  const category = `postflight/${s.suite}/${s.leg.label}${part > 0 ? `/part-${part + 1}` : ''}`
  return {
    tool: {
      driver: {
        name: `postflight ${s.suite}`,
        version,
        rules: [...rules.values()],
      },
    },
    automationDetails: { id: `${category}/` },
    properties: { leg: s.leg, partial: s.partial },
    results: checks.map((c) => result(c, ruleIds.indexOf(ruleOf(c.id)))),
  }
}

function result(c: Check, ruleIndex: number): Result {
  const loc = c.location as NonNullable<Check['location']>
  const region: NonNullable<NonNullable<Result['locations']>[number]['physicalLocation']>['region'] = {}
  if (loc.line) region.startLine = loc.line
  if (loc.column) region.startColumn = loc.column
  if (loc.endLine) region.endLine = loc.endLine
  return {
    ruleId: ruleOf(c.id),
    ruleIndex,
    level: LEVEL[c.status as keyof typeof LEVEL],
    message: { text: c.message || c.title },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: loc.path.split('\\').join('/') },
          ...(Object.keys(region).length > 0 ? { region } : {}),
        },
      },
    ],
    // Stable across runs, so code scanning tracks the same finding instead of opening a new alert.
    partialFingerprints: { postflightCheckId: c.id },
    properties: { checkId: c.id, ...(c.severity ? { severity: c.severity } : {}) },
  }
}
