import type { Report } from '@postflight/core'

/**
 * `report.json` (the Report schema) in pieces: the envelope pretty-printed, each leg on one line,
 * so a report of 100,000 checks is never one string of tens of megabytes.
 */
export function* jsonChunks(report: Report): Generator<string> {
  const { suites, ...envelope } = report
  const head = JSON.stringify({ ...envelope, suites: [] }, null, 2)
  if (suites.length === 0) {
    yield `${head}\n`
    return
  }
  // The envelope's `"suites": []` is opened and each leg written into it.
  const at = head.indexOf('"suites": []')
  yield `${head.slice(0, at)}"suites": [\n`
  for (let i = 0; i < suites.length; i++) {
    yield `    ${JSON.stringify(suites[i])}${i < suites.length - 1 ? ',' : ''}\n`
  }
  yield `  ]${head.slice(at + '"suites": []'.length)}\n`
}
