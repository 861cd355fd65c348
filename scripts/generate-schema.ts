// Writes the committed JSON Schema files, each drift-tested against the zod model it comes from:
// the result model's into packages/core/schema/ (other tools validate our results files with
// them), and postflight.yml's into schema/ (editors complete and check the file with it).
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { configJsonSchema } from '../packages/cli/src/config-schema.ts'
import { jsonSchemas } from '../packages/core/src/result/json-schema.ts'

const root = path.resolve(import.meta.dirname, '..')
const files: Record<string, unknown> = {
  'schema/postflight.schema.json': configJsonSchema(),
}
for (const [name, schema] of Object.entries(jsonSchemas())) files[`packages/core/schema/${name}`] = schema
for (const [file, schema] of Object.entries(files)) {
  await mkdir(path.dirname(path.join(root, file)), { recursive: true })
  await writeFile(path.join(root, file), `${JSON.stringify(schema, null, 2)}\n`)
  console.log(`wrote ${file}`)
}
