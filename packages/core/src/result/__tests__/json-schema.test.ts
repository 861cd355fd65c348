import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { jsonSchemas } from '../json-schema.ts'

describe('committed JSON Schema files', () => {
  it.each(Object.entries(jsonSchemas()))(
    '%s matches the zod model (run `pnpm schema` after changing it)',
    async (name, schema) => {
      const file = path.resolve(import.meta.dirname, '../../../schema', name)
      expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(schema)
    },
  )
})
