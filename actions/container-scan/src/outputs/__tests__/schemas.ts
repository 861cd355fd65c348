// The validators the outputs are checked with: the SARIF 2.1.0 JSON schema that the report action's
// tests use (shipped in @microsoft/jest-sarif, loaded the same way as test/report-formats.itg.test.ts),
// and the CycloneDX library's own strict JSON validator.
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { Spec, Validation } from '@cyclonedx/cyclonedx-library'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import { REPO } from '../../../../../test/helpers/paths.ts'

let sarif: ValidateFunction | undefined

export async function sarifValidator(): Promise<ValidateFunction> {
  if (sarif) return sarif
  const require = createRequire(path.join(REPO, 'actions/report/package.json'))
  const file = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json')
  const { $schema: _, id, ...schema } = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>
  // Draft-04 `id` renamed to `$id` for ajv 8; unicodeRegExp off for the schema's `language` pattern
  // (see test/report-formats.itg.test.ts for both).
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false })
  addFormats.default(ajv)
  sarif = ajv.compile({ $id: String(id), ...schema })
  return sarif
}

/** Null when the BOM is valid CycloneDX 1.6, else the validator's errors. */
export async function cycloneDxErrors(bom: object): Promise<unknown> {
  return new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(JSON.stringify(bom))
}
