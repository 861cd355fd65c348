import { SUITES } from '@postflight/core'
import { z } from 'zod'
import { SUITE_COMMANDS, type SuiteCommand } from './commands.ts'

type Json = Record<string, unknown>

/** Inputs that make no sense inside postflight.yml itself. */
const NOT_IN_FILE = new Set(['config'])

/**
 * One input as postflight.yml may give it. The input side of the zod schema (what a user writes),
 * with the default of the output side (zod puts it there for preprocessed inputs); a list may also
 * be one string with an item per line, as the action input takes it; a list of mappings or a mapping
 * may be written as YAML itself, which the config loader hands to the input as YAML text.
 */
function fieldSchema(field: z.ZodType): Json {
  const input = z.toJSONSchema(field, {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as Json
  const output = z.toJSONSchema(field, {
    io: 'output',
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as Json
  const { $schema: _ignored, ...schema } = input
  if (schema.default === undefined && output.default !== undefined) schema.default = output.default
  if (schema.type === 'array') {
    // A piped list (`a,b` split, then each checked against an enum) says its items on the output side.
    const items = ((output.type === 'array' ? output.items : undefined) ?? schema.items ?? {}) as Json
    const { type: _t, items: _i, ...rest } = schema
    if (items.type === 'object')
      return {
        ...rest,
        anyOf: [
          { type: 'array', items },
          { type: 'string', description: 'the same as YAML text' },
        ],
      }
    return {
      ...rest,
      anyOf: [
        { type: 'array', items },
        { type: 'string', description: 'one item per line' },
      ],
    }
  }
  // An input the action takes as YAML text (commands, checks, policy, install) may be written in
  // postflight.yml as that YAML itself: the config loader hands it over as text.
  if (schema.type === 'string' && /\bYAML\b/.test(String(schema.description ?? ''))) {
    const { type: _t, ...rest } = schema
    return { ...rest, anyOf: [{ type: 'string' }, { type: 'array' }, { type: 'object' }] }
  }
  return schema
}

function sectionFields(command: SuiteCommand): Record<string, Json> {
  return Object.fromEntries(
    Object.entries(command.spec.schema.shape)
      .filter(([name]) => !NOT_IN_FILE.has(name))
      .map(([name, field]) => [name, fieldSchema(field as z.ZodType)]),
  )
}

/** The suites postflight.yml has sections for that this CLI can run, once each, in SUITES order. */
function sectionCommands(commands: readonly SuiteCommand[]): SuiteCommand[] {
  return SUITES.flatMap((suite) => {
    const command = commands.find((c) => c.spec.suite === suite)
    return command ? [command] : []
  })
}

/**
 * `defaults` takes any input some suite has (each suite picks the ones it knows). Where suites
 * define a name differently (report's fail-on adds `regression`), any of the definitions is valid;
 * where only the wording differs, the descriptions are joined, each naming its suite.
 */
function defaultsFields(sections: ReadonlyArray<[string, Record<string, Json>]>): Record<string, Json> {
  const seen = new Map<string, Array<{ suite: string; schema: Json }>>()
  for (const [suite, fields] of sections) {
    for (const [name, schema] of Object.entries(fields))
      seen.set(name, [...(seen.get(name) ?? []), { suite, schema }])
  }
  const shape = (s: Json): string => JSON.stringify({ ...s, description: undefined })
  return Object.fromEntries(
    [...seen].map(([name, list]) => {
      const first = list[0]?.schema as Json
      const bySuite = new Map<unknown, string[]>()
      for (const v of list)
        bySuite.set(v.schema.description, [...(bySuite.get(v.schema.description) ?? []), v.suite])
      const description =
        bySuite.size === 1
          ? first.description
          : [...bySuite].map(([text, suites]) => `${suites.join(', ')}: ${text}`).join('; ')
      const shapes = [...new Map(list.map((v) => [shape(v.schema), v.schema])).values()]
      return [name, shapes.length === 1 ? { ...first, description } : { description, anyOf: shapes }]
    }),
  )
}

/**
 * The JSON Schema of postflight.yml, generated from the suites' zod schemas: one section per suite
 * the CLI has a command for (a new suite joins by being registered in SUITE_COMMANDS), plus
 * `defaults`; unknown keys are invalid everywhere, as the config loader says at run time.
 */
export function configJsonSchema(commands: readonly SuiteCommand[] = SUITE_COMMANDS): Json {
  const chosen = sectionCommands(commands)
  const sections = chosen.map(sectionFields)
  const properties: Record<string, Json> = {
    defaults: {
      type: 'object',
      description: 'Inputs for every suite that has them; a suite section overrides them',
      additionalProperties: false,
      properties: defaultsFields(chosen.map((c, i) => [c.spec.suite, sections[i] ?? {}])),
    },
  }
  for (const [i, command] of chosen.entries()) {
    properties[command.spec.suite] = {
      type: 'object',
      description: `${command.summary} (the inputs of the ${command.spec.suite} action; CLI: postflight ${command.name})`,
      additionalProperties: false,
      properties: sections[i],
    }
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'urn:postflight:schema:postflight-yml:v1',
    title: 'postflight.yml',
    description:
      'Postflight settings: one section per suite, keyed like its action inputs, plus defaults. Precedence: defaults < postflight.yml < environment (POSTFLIGHT_<INPUT>) < action inputs or CLI flags.',
    type: 'object',
    additionalProperties: false,
    properties,
  }
}
