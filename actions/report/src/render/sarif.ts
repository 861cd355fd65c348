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
  return planSarif(report, limits).map((refs) => ({
    ...ENVELOPE,
    runs: refs.map((r) => runOf(report, r, limits, toolVersion)),
  }))
}

/**
 * renderSarif as files of text, by file name, each made only when it is written and one run at a
 * time: the whole log of 100,000 checks as objects, then as one string, was the report's biggest
 * allocation (tens of megabytes of each).
 */
export function sarifFiles(
  report: Report,
  limits: { runsPerFile: number; resultsPerRun: number } = SARIF_LIMITS,
  toolVersion = '0.1.0',
): Record<string, Iterable<string>> {
  const plan = planSarif(report, limits)
  return Object.fromEntries(
    plan.map((refs, i) => [sarifFileName(i), sarifText(report, refs, limits, toolVersion)]),
  )
}

const ENVELOPE = { $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0' } as const

/** One run: a leg (by index in report.suites), which part of its located checks, and its category. */
interface RunRef {
  leg: number
  part: number
  category: string
}

const located = (s: SuiteResult): Check[] =>
  s.checks.filter((c) => c.location && (c.status === 'fail' || c.status === 'error' || c.status === 'warn'))

/** Which runs go in which file, counted without building any of them. */
function planSarif(report: Report, limits: { runsPerFile: number; resultsPerRun: number }): RunRef[][] {
  const runs: RunRef[] = []
  // Code scanning rejects an upload with two runs of one category, and replaces a category's alerts
  // with the latest upload's: two results files of one leg (a matrix label used twice), or a label
  // that reads like another leg's part, must not share one. The first keeps the plain category, so
  // it stays the same from run to run; a clash gets a numbered one.
  const used = new Set<string>()
  report.suites.forEach((s, leg) => {
    const n = located(s).length
    const parts = Math.max(1, Math.ceil(n / limits.resultsPerRun))
    for (let part = 0; part < parts; part++) {
      const base = `postflight/${s.suite}/${s.leg.label}${part > 0 ? `/part-${part + 1}` : ''}`
      let category = `${base}/`
      for (let k = 2; used.has(category); k++) category = `${base}/dup-${k}/`
      used.add(category)
      runs.push({ leg, part, category })
    }
  })
  const files: RunRef[][] = []
  for (let i = 0; i < Math.max(1, runs.length); i += limits.runsPerFile) {
    files.push(runs.slice(i, i + limits.runsPerFile))
  }
  return files
}

function runOf(report: Report, ref: RunRef, limits: { resultsPerRun: number }, toolVersion: string): Run {
  const s = report.suites[ref.leg] as SuiteResult
  const from = ref.part * limits.resultsPerRun
  return run(s, located(s).slice(from, from + limits.resultsPerRun), ref.category, toolVersion)
}

/** One SARIF file, pretty-printed envelope, one run per line. */
function* sarifText(
  report: Report,
  refs: readonly RunRef[],
  limits: { resultsPerRun: number },
  toolVersion: string,
): Generator<string> {
  yield `{\n  "$schema": "${ENVELOPE.$schema}",\n  "version": "${ENVELOPE.version}",\n  "runs": [`
  for (let i = 0; i < refs.length; i++) {
    yield `${i === 0 ? '\n' : ',\n'}    ${JSON.stringify(runOf(report, refs[i] as RunRef, limits, toolVersion))}`
  }
  yield refs.length > 0 ? '\n  ]\n}\n' : ']\n}\n'
}

/** The file name of the n-th SARIF log (0-based). */
export function sarifFileName(n: number): string {
  return n === 0 ? 'report.sarif' : `report-${n + 1}.sarif`
}

function run(s: SuiteResult, checks: readonly Check[], category: string, version: string): Run {
  const rules = new Map<string, ReportingDescriptor>()
  for (const c of checks) {
    const id = ruleOf(c.id)
    if (!rules.has(id)) rules.set(id, { id, shortDescription: { text: c.title } })
  }
  const ruleIds = [...rules.keys()]
  return {
    tool: {
      driver: {
        name: `postflight ${s.suite}`,
        version,
        rules: [...rules.values()],
      },
    },
    automationDetails: { id: category },
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
