// The report's machine formats checked by the tools and schemas their consumers use: JUnit with
// `xmllint --schema` (test/report/junit.xsd, see its header), SARIF with ajv against the SARIF
// 2.1.0 JSON schema shipped in @microsoft/jest-sarif, report.json against the Report schema.
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { Report } from '@postflight/core'
import { aggregate, renderFormat } from '@postflight/report'
import { Ajv } from 'ajv'
import addFormats from 'ajv-formats'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bigLeg, check, leg } from '../actions/report/src/__tests__/make-results.ts'
import { parseExpectations } from '../actions/report/src/expect.ts'
import { REPO } from './helpers/paths.ts'

const run = promisify(execFile)
const HOSTILE = '<img src=x onerror=alert(1)>.tar.gz'

const report = aggregate(
  [
    leg('verify-artifacts', 'linux-x64', [
      check('checksum:app.tar.gz', 'pass'),
      check(`checksum:${HOSTILE}`, 'fail', { message: `digest of ${HOSTILE} differs\n\u001b[31mred\u0000` }),
      check('signature:SHA256SUMS', 'error', { location: { path: 'dist/SHA256SUMS', line: 1 } }),
      check('expected:app.zip', 'skip'),
      check('version:app.deb', 'warn', { location: { path: 'dist/app.deb' }, evidence: { found: '1.2.2' } }),
    ]),
    bigLeg('platform-smoke', 'win32-x64', 50),
  ].map((result) => ({ ok: true as const, file: 'x.json', result })),
  parseExpectations(['platform-smoke@darwin-arm64']),
)

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pf-formats-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('report formats', () => {
  it('junit.xml validates against the JUnit XSD with xmllint', async () => {
    const file = path.join(dir, 'junit.xml')
    await writeFile(file, renderFormat(report, 'junit')['junit.xml'] as string)
    const { stderr } = await run('xmllint', [
      '--noout',
      '--schema',
      path.join(REPO, 'test/report/junit.xsd'),
      file,
    ])
    expect(stderr).toMatch(/validates/)
  })

  it('report.sarif validates against the SARIF 2.1.0 schema', async () => {
    const require = createRequire(path.join(REPO, 'actions/report/package.json'))
    const {
      $schema: _,
      id,
      ...schema
    } = JSON.parse(
      await readFile(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
    ) as Record<string, unknown>
    // The schema is draft-04; its only draft-04-specific keyword is the top-level `id` (it uses no
    // boolean exclusiveMinimum), so renaming that to `$id` lets ajv 8 apply it unchanged.
    // unicodeRegExp off: the schema's `language` pattern has a stray `]`, legal only outside u-mode.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false })
    // ajv-formats is CommonJS: under NodeNext its function is the module's default export.
    addFormats.default(ajv)
    const validate = ajv.compile({ $id: String(id), ...schema })
    const text = renderFormat(report, 'sarif')['report.sarif'] as string
    const log = JSON.parse(text) as { runs: { results: unknown[] }[] }
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true)
    expect(log.runs).toHaveLength(2)
    expect(log.runs.flatMap((r) => r.results)).toHaveLength(2 + 10)

    // Past 20 legs the runs go into more files: each valid, within the limit, every category unique
    // across all of them (a leg reported twice included).
    const many = aggregate(
      [
        ...Array.from({ length: 24 }, (_, i) =>
          leg('container-scan', `image-${i}`, [
            check(`vuln:CVE-${i}`, 'fail', { location: { path: 'Dockerfile', line: i + 1 } }),
          ]),
        ),
        leg('container-scan', 'image-3', [check('vuln:CVE-x', 'warn', { location: { path: 'Dockerfile' } })]),
      ].map((result) => ({ ok: true as const, file: 'x.json', result })),
      [],
    )
    const files = renderFormat(many, 'sarif')
    expect(Object.keys(files)).toEqual(['report.sarif', 'report-2.sarif'])
    const categories: string[] = []
    for (const [name, body] of Object.entries(files)) {
      const part = JSON.parse(body) as { runs: { automationDetails: { id: string } }[] }
      expect(validate(part), `${name}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true)
      expect(part.runs.length).toBeLessThanOrEqual(20)
      categories.push(...part.runs.map((r) => r.automationDetails.id))
    }
    expect(categories).toHaveLength(25)
    expect(new Set(categories).size).toBe(25)
  })

  it('report.json is a valid Report', () => {
    const parsed = Report.safeParse(JSON.parse(renderFormat(report, 'json')['report.json'] as string))
    expect(parsed.success).toBe(true)
  })
})
