import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { loadConfigSection, type SuiteSpec } from '@postflight/core'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { z } from 'zod'
import { SUITE_COMMANDS } from '../commands.ts'
import { configJsonSchema } from '../config-schema.ts'

const REPO = path.resolve(import.meta.dirname, '../../../..')
const ajv = new Ajv2020({ allErrors: true, strict: false })
addFormats.default(ajv)
const validate = ajv.compile(configJsonSchema())

const GOOD = `
defaults:
  fail-on: warn
  directory: dist
verify-artifacts:
  tag: v1.2.3
  public-key: .github/key.asc
  expected-assets:
    - app-{version}-linux-x64.tar.gz
  check-archives: false
  concurrency: 8
platform-smoke:
  timeout: 30s
  commands: |
    - run: app --help
deploy-healthcheck:
  commands:
    - run: curl -fsS "$POSTFLIGHT_URL_WEB"
      expect-exit: 0
container-scan:
  policy:
    healthcheck: warn
report:
  formats: [html, json]
  fail-on: regression
`

describe('#configJsonSchema', () => {
  it('is the committed schema/postflight.schema.json (run `pnpm schema` after changing an input)', async () => {
    const committed = JSON.parse(await readFile(path.join(REPO, 'schema/postflight.schema.json'), 'utf8'))
    expect(committed).toEqual(configJsonSchema())
  })

  it('has a section per suite the CLI runs, plus defaults, and nothing else', () => {
    const schema = configJsonSchema() as {
      properties: Record<string, unknown>
      additionalProperties: boolean
    }
    const suites = [...new Set(SUITE_COMMANDS.map((c) => c.spec.suite))].filter((s) => s !== 'history')
    expect(Object.keys(schema.properties).sort()).toEqual(['defaults', ...suites].sort())
    expect(schema.additionalProperties).toBe(false)
  })

  it('accepts a real postflight.yml that the config loader also accepts', async () => {
    expect(validate(parse(GOOD)), JSON.stringify(validate.errors)).toBe(true)
    const file = path.join(import.meta.dirname, 'fixture-good.yml')
    await import('node:fs/promises').then((fs) => fs.writeFile(file, GOOD))
    try {
      for (const c of SUITE_COMMANDS.filter((c) => c.spec.suite !== 'history'))
        await expect(
          loadConfigSection(file, c.spec.suite, Object.keys(c.spec.schema.shape)),
        ).resolves.toBeTypeOf('object')
    } finally {
      await import('node:fs/promises').then((fs) => fs.rm(file))
    }
  })

  it.each([
    ['an unknown section', 'verify-artifact:\n  tag: v1\n', ''],
    ['an unknown key in a section', 'verify-artifacts:\n  check-archive: false\n', '/verify-artifacts'],
    ['an unknown key in defaults', 'defaults:\n  directroy: dist\n', '/defaults'],
    ['a value outside an enum', 'report:\n  formats: [pdf]\n', '/report/formats'],
    ['a wrong type', 'verify-artifacts:\n  check-archives: maybe\n', '/verify-artifacts/check-archives'],
  ])('rejects %s', (_what, yaml, at) => {
    expect(validate(parse(yaml))).toBe(false)
    expect(validate.errors?.map((e) => e.instancePath)).toContain(at)
  })

  it('gives a new suite its section as soon as it is registered as a command', () => {
    const spec = {
      suite: 'container-scan',
      schema: z.object({
        image: z.string().describe('Image to scan'),
        'max-age': z.coerce.number().default(30),
      }),
      engine: async () => {
        throw new Error('not run')
      },
    } as unknown as SuiteSpec<z.ZodObject>
    const schema = configJsonSchema([
      ...SUITE_COMMANDS.filter((c) => c.spec.suite !== 'container-scan'),
      { name: 'scan', aliases: [], summary: 'Scan', spec },
    ]) as {
      properties: Record<string, { properties: Record<string, unknown> }>
    }
    expect(schema.properties['container-scan']?.properties).toEqual({
      image: { type: 'string', description: 'Image to scan' },
      'max-age': { type: 'number', default: 30 },
    })
    expect(schema.properties.defaults?.properties['max-age']).toEqual({ type: 'number', default: 30 })
  })
})
