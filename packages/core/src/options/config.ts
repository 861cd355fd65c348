import { readFile } from 'node:fs/promises'
import { parse, stringify } from 'yaml'
import { PostflightError } from '../errors.ts'
import type { RawInputs } from './inputs.ts'

export const SUITES = [
  'verify-artifacts',
  'platform-smoke',
  'container-scan',
  'deploy-healthcheck',
  'report',
] as const

/**
 * Reads one suite's section of postflight.yml. The file maps suite names to objects keyed by input
 * names (`verify-artifacts: { check-archives: false }`); a top-level `defaults` section applies to
 * every suite that has the input (a key no suite knows is an error; one this suite lacks is skipped).
 * `known` lists this suite's input names; an unknown key in its section is an error naming it.
 */
export async function loadConfigSection(
  path: string,
  suite: string,
  known?: readonly string[],
): Promise<RawInputs> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    throw new PostflightError('BAD_CONFIG', `cannot read config file ${path}: ${(err as Error).message}`, {
      cause: err,
      field: 'config',
    })
  }
  let doc: unknown
  try {
    doc = parse(text) ?? {}
  } catch (err) {
    throw new PostflightError('BAD_CONFIG', `${path} is not valid YAML: ${(err as Error).message}`, {
      cause: err,
      field: 'config',
    })
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new PostflightError('BAD_CONFIG', `${path}: expected a mapping of suite names to settings`, {
      field: 'config',
    })
  }
  const sections = ['defaults', ...SUITES]
  for (const key of Object.keys(doc)) {
    if (!sections.includes(key)) {
      const hint = nearest(key, sections)
      throw new PostflightError(
        'BAD_CONFIG',
        `${path}: unknown section '${key}'${hint ? ` (did you mean '${hint}'?)` : ''}; expected one of ${sections.join(', ')}`,
        { field: key },
      )
    }
  }
  const record = doc as Record<string, unknown>
  const defaults = toRaw(record.defaults, path, 'defaults')
  const own = toRaw(record[suite], path, suite)
  if (!known) return { ...defaults, ...own }
  for (const key of Object.keys(own)) {
    if (!known.includes(key)) {
      const hint = nearest(key, known)
      throw new PostflightError(
        'BAD_CONFIG',
        `${path}: unknown key '${suite}.${key}'${hint ? ` (did you mean '${hint}'?)` : ''}`,
        { field: `${suite}.${key}` },
      )
    }
  }
  const shared = Object.fromEntries(Object.entries(defaults).filter(([key]) => known.includes(key)))
  return { ...shared, ...own }
}

function toRaw(section: unknown, path: string, name: string): RawInputs {
  if (section === undefined || section === null) return {}
  if (typeof section !== 'object' || Array.isArray(section)) {
    throw new PostflightError(
      'BAD_CONFIG',
      `${path}: section '${name}' must be a mapping of input names to values`,
      {
        field: name,
      },
    )
  }
  const out: RawInputs = {}
  for (const [key, value] of Object.entries(section)) {
    // A list of plain values is a list input; structured values (a list of mappings such as
    // `commands`, or a mapping such as `policy`) reach the input as the YAML text it parses.
    if (Array.isArray(value) && value.every(isScalar)) out[key] = value.map(String)
    else if (typeof value === 'object' && value !== null) out[key] = stringify(value)
    else if (typeof value === 'boolean') out[key] = value
    else if (value !== null && value !== undefined) out[key] = String(value)
  }
  return out
}

/** Inputs given as environment variables: `POSTFLIGHT_CHECK_ARCHIVES=false` for input `check-archives`. */
export function inputsFromEnv(names: readonly string[], env: NodeJS.ProcessEnv = process.env): RawInputs {
  const out: RawInputs = {}
  for (const name of names) {
    const value = env[`POSTFLIGHT_${name.toUpperCase().replaceAll('-', '_')}`]
    if (value !== undefined && value !== '') out[name] = value
  }
  return out
}

/** Layers inputs: later layers win, and an absent value never hides an earlier one. */
export function mergeInputs(...layers: RawInputs[]): RawInputs {
  const out: RawInputs = {}
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer)) {
      if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue
      out[key] = value
    }
  }
  return out
}

/** The closest candidate by edit distance, when it is close enough to be a likely typo. */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined
  let bestDistance = Number.POSITIVE_INFINITY
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase())
    if (d < bestDistance) {
      best = c
      bestDistance = d
    }
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const cur = [i]
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost)
    }
    prev = cur
  }
  return prev[b.length] ?? 0
}

function isScalar(value: unknown): boolean {
  return value === null || (typeof value !== 'object' && typeof value !== 'function')
}
