import { z } from 'zod'
import { Report, SCHEMA_VERSION, SuiteResult } from './model.ts'

const MAJOR = SCHEMA_VERSION.split('.')[0]

/** The JSON Schema documents generated from the zod model, by the file name they are committed under. */
export function jsonSchemas(): Record<string, unknown> {
  const make = (schema: z.ZodType, name: string, title: string): unknown => ({
    $id: `urn:postflight:schema:${name}:v${MAJOR}`,
    title,
    'x-schema-version': SCHEMA_VERSION,
    ...z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'output' }),
  })
  return {
    [`results-v${MAJOR}.schema.json`]: make(SuiteResult, 'results', 'Postflight suite results file'),
    [`report-v${MAJOR}.schema.json`]: make(Report, 'report', 'Postflight report'),
  }
}
