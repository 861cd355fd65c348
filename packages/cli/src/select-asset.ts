import { readFile } from 'node:fs/promises'
import {
  ASSET_PLACEHOLDERS,
  type AssetSelection,
  describeError,
  isPostflightError,
  listInput,
  PostflightError,
  parseInputs,
  selectAsset,
} from '@postflight/core'
import { z } from 'zod'
import type { CliIO } from './cli.ts'
import { describeFlags, type ParsedArgs } from './flags.ts'

// Not a suite: it writes no results file and its answer is a name, so it is not run by executeSuite;
// but its flags are the platform-smoke inputs of the same names, parsed the same way.
const schema = z.strictObject({
  assets: z.string().describe('File of release asset names: one per line, or a JSON array ("-" reads stdin)'),
  platform: z
    .string()
    .optional()
    .describe("<os>-<arch> with Node's names, e.g. linux-x64 (default: this machine)"),
  asset: z
    .string()
    .optional()
    .describe(
      `Glob or name template that overrides detection; placeholders: ${Object.keys(ASSET_PLACEHOLDERS)
        .map((p) => `{${p}}`)
        .join(' ')}`,
    ),
  prefer: listInput
    .optional()
    .describe(
      'Words that break ties: gnu, musl, msvc, mingw, archive, binary, installer, universal, or a format',
    ),
  tag: z.string().optional().describe('The release tag, for {tag} and {version} in --asset'),
  version: z
    .string()
    .optional()
    .describe('The release version, for {version} in --asset (default: the tag without v)'),
})

const SUMMARY = "Pick the release asset for a platform from the release's asset names, and say why"

/** Reads asset names: a JSON array of names (or of GitHub asset objects, or a release object), or lines. */
export function readAssetNames(text: string, file: string): string[] {
  const trimmed = text.trim()
  if (!trimmed.startsWith('[') && !trimmed.startsWith('{'))
    return trimmed
      .split(/\r?\n/)
      .map((s) => s.trim())
      .filter((s) => s.length > 0 && !s.startsWith('#'))
  let json: unknown
  try {
    json = JSON.parse(trimmed)
  } catch (err) {
    throw new PostflightError('BAD_INPUT', `assets: ${file} is not valid JSON: ${describeError(err)}`, {
      field: 'assets',
      cause: err,
    })
  }
  const list = Array.isArray(json) ? json : (json as { assets?: unknown }).assets
  const names = Array.isArray(list)
    ? list.map((item) => (typeof item === 'string' ? item : (item as { name?: unknown } | null)?.name))
    : undefined
  if (!names || names.some((n) => typeof n !== 'string'))
    throw new PostflightError(
      'BAD_INPUT',
      `assets: ${file} holds JSON but not a list of names (expected ["name", …], [{"name": …}, …] or {"assets": [...]})`,
      { field: 'assets' },
    )
  return names as string[]
}

async function readSource(file: string): Promise<string> {
  try {
    if (file !== '-') return await readFile(file, 'utf8')
    let text = ''
    for await (const chunk of process.stdin) text += String(chunk)
    return text
  } catch (err) {
    throw new PostflightError('BAD_INPUT', `assets: cannot read ${file}: ${describeError(err)}`, {
      field: 'assets',
      cause: err,
    })
  }
}

function explain(selection: AssetSelection): string {
  const width = Math.max(...selection.candidates.map((c) => c.name.length), 0)
  const lines = selection.candidates.map(
    (c) =>
      `  ${c.verdict.padEnd(12)} ${c.name.padEnd(width)}  ${c.verdict === 'chosen' ? 'for the reasons above' : c.reasons.join('; ')}`,
  )
  return `${lines.join('\n')}\n`
}

/** `postflight select-asset`: prints the chosen name (exit 0), or why there is none (exit 1); 2 on bad usage. */
export async function selectAssetCommand(args: ParsedArgs, io: CliIO): Promise<number> {
  if (args.global.help) {
    const flags = describeFlags(schema)
    io.stdout.write(
      [
        'Usage: postflight select-asset --assets FILE [--platform <os>-<arch>] [--asset PATTERN] [--prefer WORD]',
        '',
        SUMMARY,
        '',
        ...flags,
        '  --json                 print the whole selection (candidates and reasons) as JSON',
        '  --verbose              print the reasons on stderr',
        '',
        'Exit codes: 0 picked (the name is printed), 1 no asset fits or two fit equally, 2 bad usage.',
        '',
      ].join('\n'),
    )
    return 0
  }
  try {
    if (args.errors.length > 0) throw new PostflightError('BAD_INPUT', args.errors.join('\n'))
    const inputs = parseInputs(schema, args.inputs, 'cli')
    const names = readAssetNames(await readSource(inputs.assets), inputs.assets)
    const selection = selectAsset(names, {
      ...(inputs.platform ? { platform: inputs.platform } : {}),
      ...(inputs.prefer ? { prefer: inputs.prefer } : {}),
      ...(inputs.asset ? { asset: inputs.asset } : {}),
      tag: inputs.tag,
      version: inputs.version,
    })
    // null rather than a missing key, so a script can test `.chosen` without knowing the shape.
    if (args.global.json)
      io.stdout.write(`${JSON.stringify({ ...selection, chosen: selection.chosen ?? null }, null, 2)}\n`)
    if (selection.chosen === undefined) {
      io.stderr.write(`postflight select-asset: ${selection.message}\n${explain(selection)}`)
      return 1
    }
    if (!args.global.json) io.stdout.write(`${selection.chosen}\n`)
    if (args.global.verbose)
      io.stderr.write(`${selection.reasons.map((r) => `  ${r}`).join('\n')}\n${explain(selection)}`)
    return 0
  } catch (err) {
    // Anything else thrown here is a bug, not a usage error; say so rather than blame the flags.
    const what = isPostflightError(err) ? '' : ' (internal error)'
    io.stderr.write(`postflight select-asset: ${describeError(err)}${what}\n`)
    return 2
  }
}
