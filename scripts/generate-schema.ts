// Writes the JSON Schema files of the result model into packages/core/schema/ (committed: other
// tools validate our results files with them). A test fails when they drift from the zod model.
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { jsonSchemas } from '../packages/core/src/result/json-schema.ts'

const dir = path.resolve(import.meta.dirname, '../packages/core/schema')
for (const [name, schema] of Object.entries(jsonSchemas())) {
  await writeFile(path.join(dir, name), `${JSON.stringify(schema, null, 2)}\n`)
  console.log(`wrote packages/core/schema/${name}`)
}
