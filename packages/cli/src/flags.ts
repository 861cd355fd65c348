import type { RawInputs } from '@postflight/core'
import type { z } from 'zod'

export interface ParsedArgs {
  command: string | undefined
  inputs: RawInputs
  /** Flags of the CLI itself, not of a suite. */
  global: { help: boolean; json: boolean; verbose: boolean; version: boolean; logFormat: 'human' | 'json' }
  errors: string[]
}

const GLOBAL_BOOLEANS = new Set(['help', 'json', 'verbose', 'version'])
const FLAG = /^--[A-Za-z]/

/**
 * Splits argv into a command and flags named like the action's inputs: `--name value`,
 * `--name=value`, a bare `--name` (true), `--no-name` (false); a repeated flag makes a list.
 * Hand-written because the flag names come from each suite's zod schema at run time, so a
 * declarative parser (node:util parseArgs) would need the same table built anyway.
 */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const out: ParsedArgs = {
    command: undefined,
    inputs: {},
    global: { help: false, json: false, verbose: false, version: false, logFormat: 'human' },
    errors: [],
  }
  const add = (name: string, value: string | boolean): void => {
    const prev = out.inputs[name]
    if (prev === undefined) out.inputs[name] = value
    else if (Array.isArray(prev)) prev.push(String(value))
    else out.inputs[name] = [String(prev), String(value)]
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (arg === '-h') {
      out.global.help = true
      continue
    }
    if (!FLAG.test(arg)) {
      if (out.command === undefined) out.command = arg
      else out.errors.push(`unexpected argument '${arg}' (every input is a --flag)`)
      continue
    }
    const eq = arg.indexOf('=')
    let name = eq === -1 ? arg.slice(2) : arg.slice(2, eq)
    let value: string | boolean | undefined = eq === -1 ? undefined : arg.slice(eq + 1)
    // `--version` before a command is the CLI's own; after one it is the suite's `version` input.
    const global = GLOBAL_BOOLEANS.has(name) && !(name === 'version' && out.command !== undefined)
    if (global && value === undefined) {
      out.global[name as 'help' | 'json' | 'verbose' | 'version'] = true
      continue
    }
    if (name === 'log-format') {
      const v = value ?? argv[++i]
      if (v === 'json' || v === 'human') out.global.logFormat = v
      else out.errors.push(`--log-format: expected json or human, got ${JSON.stringify(v ?? '')}`)
      continue
    }
    if (value === undefined) {
      const next = argv[i + 1]
      if (next !== undefined && !FLAG.test(next)) {
        value = next
        i++
      } else if (name.startsWith('no-')) {
        name = name.slice(3)
        value = false
      } else {
        value = true
      }
    }
    add(name, value)
  }
  return out
}

/**
 * One help line per input of a suite schema: the flag, its description, and its default as the
 * schema itself gives it (parsing "nothing given" yields the default, fails for a required input,
 * and yields nothing for an optional one), so no wrapper (preprocess, pipe) can hide it.
 */
export function describeFlags(schema: z.ZodObject): string[] {
  const entries = Object.entries(schema.shape)
  const width = Math.min(28, Math.max(...entries.map(([name]) => name.length + 2), 20))
  return entries.map(([name, field]) => {
    const f = field as z.ZodType
    const description = f.description ?? ''
    const parsed = f.safeParse(undefined)
    // A description that already says its default says it better (`60s`, not 60000).
    const named = /\bdefault[: ]/i.test(description)
    let tail = ''
    if (!parsed.success) tail = ' (required)'
    else if (named) tail = ''
    else if (parsed.data !== undefined) tail = ` (default: ${JSON.stringify(parsed.data)})`
    else tail = ' (default: not set)'
    return `  --${name.padEnd(width)} ${description}${tail}`.trimEnd()
  })
}
