// A health endpoint's answer is checked with a plain member path (`$.status`, `$.checks[0].ok`,
// `$['x-y']`), the part of JSONPath every health-check tool documents. Hand-written because that subset
// is a dozen lines and a full JSONPath engine (filters, wildcards, script expressions) would be a new
// dependency in the bundle for features a health check has no use for.

type Step = string | number

const STEP = /^(?:\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\])/

/** The steps of a path, or undefined when it is not one. The leading `$` is optional. */
export function parseJsonPath(path: string): Step[] | undefined {
  let rest = path.trim()
  if (rest.startsWith('$')) rest = rest.slice(1)
  else if (/^[A-Za-z_]/.test(rest)) rest = `.${rest}`
  const steps: Step[] = []
  while (rest.length > 0) {
    const m = STEP.exec(rest)
    if (!m) return undefined
    const [whole, member, index, single, double] = m
    steps.push(index !== undefined ? Number(index) : (member ?? single ?? double ?? ''))
    rest = rest.slice(whole.length)
  }
  return steps
}

export function isJsonPath(path: string): boolean {
  return parseJsonPath(path) !== undefined
}

/** The value at `path` in `doc`, and whether it exists. */
export function readJsonPath(doc: unknown, path: string): { found: boolean; value?: unknown } {
  let current: unknown = doc
  for (const step of parseJsonPath(path) ?? []) {
    if (current === null || typeof current !== 'object') return { found: false }
    if (typeof step === 'number' && !Array.isArray(current)) return { found: false }
    if (!Object.hasOwn(current, step)) return { found: false }
    current = (current as Record<string | number, unknown>)[step]
  }
  return { found: true, value: current }
}
