import type { Report } from '@postflight/core'

/**
 * `report.json` (the Report schema) in pieces: the envelope pretty-printed, each leg on one line,
 * and each item of the trends' lists on one line, so a report of 100,000 checks is never one
 * string of tens of megabytes (the trends can list tens of thousands of checks: pretty-printed
 * whole, they were one string of several megabytes, a line per field).
 */
export function* jsonChunks(report: Report): Generator<string> {
  const { suites, trend, ...envelope } = report
  const head = JSON.stringify({ ...envelope, ...(trend ? { trend: {} } : {}), suites: [] }, null, 2)
  let rest = head
  if (trend) {
    // The envelope's `"trend": {}` is opened and each of its fields written into it.
    const at = rest.indexOf('"trend": {}')
    yield `${rest.slice(0, at)}"trend": {`
    const fields = Object.entries(trend)
    for (let i = 0; i < fields.length; i++) {
      const [name, value] = fields[i] as [string, unknown]
      yield `\n    ${JSON.stringify(name)}: `
      if (Array.isArray(value) && value.length > 0) {
        yield '[\n'
        for (let j = 0; j < value.length; j++) {
          yield `      ${JSON.stringify(value[j])}${j < value.length - 1 ? ',' : ''}\n`
        }
        yield '    ]'
      } else yield JSON.stringify(value)
      if (i < fields.length - 1) yield ','
    }
    yield fields.length > 0 ? '\n  }' : '}'
    rest = rest.slice(at + '"trend": {}'.length)
  }
  if (suites.length === 0) {
    yield `${rest}\n`
    return
  }
  // The envelope's `"suites": []` is opened and each leg written into it.
  const at = rest.indexOf('"suites": []')
  yield `${rest.slice(0, at)}"suites": [\n`
  for (let i = 0; i < suites.length; i++) {
    yield `    ${JSON.stringify(suites[i])}${i < suites.length - 1 ? ',' : ''}\n`
  }
  yield `  ]${rest.slice(at + '"suites": []'.length)}\n`
}
