// `pnpm demo` end to end, as the README's first command runs it: a fresh folder, the sample
// release, image and service built, `postflight run` over them, the report files on disk, the
// tampered run failing; under the 60 s the README promises.
import { spawnSync } from 'node:child_process'
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { NODE24, REPO } from './helpers/paths.ts'

const HERE = `${process.platform}-${process.arch}`
let root: string
let demo: { code: number | null; stdout: string; stderr: string; ms: number }

type Report = {
  status: string
  suites: Array<{
    suite: string
    status: string
    leg: { label: string }
    checks: Array<{ id: string; status: string }>
  }>
}
const readReport = async (dir: string): Promise<Report> =>
  JSON.parse(await readFile(path.join(root, dir, 'report.json'), 'utf8'))

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pf-demo-'))
  const started = performance.now()
  const r = spawnSync(NODE24, [path.join(REPO, 'packages/cli/src/demo.ts'), '--dir', root], {
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
    timeout: 120_000,
  })
  demo = { code: r.status, stdout: r.stdout, stderr: r.stderr, ms: performance.now() - started }
}, 130_000)
afterAll(() => rm(root, { recursive: true, force: true }))

describe('pnpm demo', () => {
  it('exits 0 within 60 s and says where report.html is', () => {
    expect(demo.code, demo.stdout + demo.stderr).toBe(0)
    expect(demo.ms).toBeLessThan(60_000)
    expect(demo.stdout).toContain('Demo OK')
    expect(demo.stdout).toContain(`Open the report: ${path.join(root, 'postflight-report', 'report.html')}`)
  })

  it('writes every report file, with a passing verdict over the legs that ran and the others skipped', async () => {
    for (const f of ['report.html', 'report.json', 'junit.xml', 'report.sarif', 'summary.md'])
      expect((await stat(path.join(root, 'postflight-report', f))).size).toBeGreaterThan(100)
    const report = await readReport('postflight-report')
    expect(report.status).toBe('pass')
    const legs = report.suites.map((s) => `${s.suite}@${s.leg.label}=${s.status}`)
    expect(legs).toContain(`verify-artifacts@${HERE}=pass`)
    expect(legs).toContain(`platform-smoke@${HERE}=pass`)
    expect(legs.filter((l) => l.startsWith('platform-smoke@') && !l.includes(HERE))).toHaveLength(2)
    expect(
      legs
        .filter((l) => l.startsWith('platform-smoke@') && !l.includes(HERE))
        .every((l) => l.endsWith('=skip')),
    ).toBe(true)
    const html = await readFile(path.join(root, 'postflight-report', 'report.html'), 'utf8')
    expect(html).toContain('verify-artifacts')
  })

  it('fails the tampered run on the changed asset', async () => {
    const report = await readReport('report-tampered')
    expect(report.status).toBe('fail')
    const verify = report.suites.find((s) => s.suite === 'verify-artifacts')
    expect(verify?.checks.find((c) => c.id === 'checksum:demo-app-1.4.0-linux-x64.tar.gz')?.status).toBe(
      'fail',
    )
    expect(verify?.checks.find((c) => c.id === 'checksum:demo-app-1.4.0-win32-x64.zip')?.status).toBe('pass')
  })

  it('builds an OCI archive a real OCI tool reads, with every blob digest right', () => {
    const archive = `oci-archive:${path.join(root, 'image', 'demo-app-1.4.0-oci.tar')}`
    const inspect = spawnSync('skopeo', ['inspect', archive], { encoding: 'utf8' })
    expect(inspect.status, inspect.stderr).toBe(0)
    expect(JSON.parse(inspect.stdout)).toMatchObject({
      Os: 'linux',
      Architecture: 'amd64',
      Layers: [expect.any(String)],
    })
    // copy reads and checks every blob against its digest
    const copy = spawnSync('skopeo', ['copy', '--quiet', archive, `dir:${path.join(root, 'image-copy')}`], {
      encoding: 'utf8',
    })
    expect(copy.status, copy.stderr).toBe(0)
  })

  it('writes a postflight.yml that its JSON Schema accepts', async () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false })
    addFormats.default(ajv)
    const schema = JSON.parse(await readFile(path.join(REPO, 'schema/postflight.schema.json'), 'utf8'))
    const text = await readFile(path.join(root, 'postflight.yml'), 'utf8')
    expect(text).toMatch(/^# yaml-language-server: \$schema=.*postflight\.schema\.json$/m)
    const validate = ajv.compile(schema)
    expect(validate(parse(text)), JSON.stringify(validate.errors)).toBe(true)
  })
})
