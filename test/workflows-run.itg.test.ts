// validate-release.yml run leg by leg as the runner would run it, with the committed bundles: each
// step's `with:` evaluated from the workflow file itself (so a wrong input name or expression there
// fails here), the release handed over as a workflow artifact on the loopback results service, its
// image in a real registry on loopback, each leg's results "uploaded" under the artifact name its
// upload step gives (actions/upload-artifact is not ours to run), and the report
// downloading every postflight-* artifact and giving the verdict over the legs the plan expects.
import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { type FakeArtifact, ResultsServiceFake } from './github-fake/results-service.ts'
import { pushLayout, releaseImages, writeImageLayout } from './helpers/oci-images.ts'
import { REPO } from './helpers/paths.ts'
import { type BundleRun, runBundle } from './helpers/run-bundle.ts'
import { DockerRegistry } from './registries/docker-registry.ts'
import { appScript, HOST } from './smoke-release.ts'

const exec = promisify(execFile)

interface Step {
  id?: string
  uses?: string
  run?: string
  with?: Record<string, unknown>
}
type Jobs = Record<string, { steps: Step[] }>

const jobs = (
  parse(await readFile(path.join(REPO, '.github/workflows/validate-release.yml'), 'utf8')) as { jobs: Jobs }
).jobs
let root: string
let service: ResultsServiceFake
const registry = new DockerRegistry()
let image: string
const artifacts: FakeArtifact[] = []

/** Replaces each `${{ name }}` by its value; an expression this test does not know fails it. */
function evaluate(value: unknown, context: Record<string, string>): string {
  return String(value).replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_, name: string) => {
    if (!(name in context)) throw new Error(`the test does not know the expression ${name}`)
    return context[name] as string
  })
}

async function zipFolder(dir: string): Promise<Buffer> {
  const file = path.join(root, `zip-${artifacts.length}-${Date.now()}.zip`)
  await exec('zip', ['-q', '-r', file, '.'], { cwd: dir })
  return readFile(file)
}

/**
 * Runs one job of the workflow: its Postflight action step with the `with:` the file gives, then
 * its upload step, as actions/upload-artifact would upload the results folder.
 */
async function runJob(job: string, context: Record<string, string>, upload = true): Promise<BundleRun> {
  const temp = await mkdtemp(path.join(root, `${job}-`))
  const ctx = { ...context, 'runner.temp': temp }
  const steps = jobs[job]?.steps ?? []
  const step = steps.find((s) => s.uses?.startsWith('./actions/'))
  if (!step?.uses) throw new Error(`job ${job} uses no Postflight action`)
  const inputs = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, evaluate(v, ctx)]))
  const run = await runBundle(path.join(REPO, step.uses, 'dist/index.js'), temp, inputs, {
    env: {
      ...service.env,
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_RUN_ID: '7',
      GITHUB_SERVER_URL: 'https://github.com',
    },
  })
  const uploadStep = steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))
  if (upload && uploadStep) {
    const name = evaluate(uploadStep.with?.name, ctx)
    artifacts.push({ name, zip: await zipFolder(evaluate(uploadStep.with?.path, ctx)) })
  }
  return run
}

async function plan(platforms: string, images = ''): Promise<string> {
  const script = path.join(root, 'plan.js')
  const output = path.join(root, 'plan-output')
  await writeFile(script, jobs.setup?.steps.find((s) => s.id === 'plan')?.run ?? '')
  await writeFile(output, '')
  await exec(process.execPath, [script], {
    env: { PATH: process.env.PATH, GITHUB_OUTPUT: output, PLATFORMS: platforms, IMAGES: images },
  })
  return /^expect=(.*)$/m.exec(await readFile(output, 'utf8'))?.[1] ?? ''
}

const inputs = {
  'inputs.tag': 'v1.2.3',
  'inputs.repository': '',
  'inputs.config': '',
  'inputs.fail-on': '',
  'inputs.release-artifact': 'release-fixture',
  'matrix.platform': HOST,
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pf-workflow-run-'))
  // A release as a build makes one: this platform's archive and two others, each a real archive
  // holding the app, and a SHA256SUMS of them all.
  const release = path.join(root, 'release')
  const stage = path.join(root, 'stage')
  await mkdir(release)
  for (const platform of [HOST, 'darwin-arm64', 'win32-x64']) {
    const base = `app-1.2.3-${platform}`
    await mkdir(path.join(stage, base), { recursive: true })
    await writeFile(path.join(stage, base, 'app'), appScript('1.2.3'), { mode: 0o755 })
    if (platform.startsWith('win32'))
      await exec('zip', ['-q', '-r', path.join(release, `${base}.zip`), base], { cwd: stage })
    else await exec('tar', ['-czf', path.join(release, `${base}.tar.gz`), base], { cwd: stage })
  }
  const { stdout: sums } = await exec('sh', ['-c', 'sha256sum app-*'], { cwd: release })
  await writeFile(path.join(release, 'SHA256SUMS'), sums)
  artifacts.push({ name: 'release-fixture', zip: await zipFolder(release) })
  service = await new ResultsServiceFake(artifacts).start()
  // The release's image, multi-arch, in a real registry on loopback.
  await registry.start()
  const layout = await writeImageLayout(path.join(root, 'layout'), '1.2.3', releaseImages('1.2.3'))
  await pushLayout(layout, registry.host, 'acme/app', '1.2.3')
  image = `${registry.host}/acme/app:1.2.3`
}, 120_000)
afterAll(async () => {
  await registry.stop()
  await service.close()
  await rm(root, { recursive: true, force: true })
})

describe('validate-release.yml, leg by leg', () => {
  let expected: string

  it('verify, smoke and scan run on the release and upload their results', async () => {
    expected = await plan(HOST, image)
    expect(expected).toBe(`platform-smoke@${HOST},container-scan@acme/app:1.2.3`)
    const verify = await runJob('verify', inputs)
    expect(verify.code, verify.log).toBe(0)
    expect(verify.outputs.status).toBe('pass')
    const smoke = await runJob('smoke', inputs)
    expect(smoke.code, smoke.log).toBe(0)
    expect(smoke.outputs).toMatchObject({ status: 'pass', platform: HOST })
    // The leg's label must be the one the plan expects: the image without its registry host.
    const scan = await runJob('scan', { ...inputs, 'matrix.image': image, 'strategy.job-index': '0' })
    expect(scan.code, scan.log).not.toBe(2)
    const result = JSON.parse(await readFile(scan.outputs['results-file'] ?? '', 'utf8'))
    expect(result).toMatchObject({ suite: 'container-scan', leg: { label: 'acme/app:1.2.3' } })
    expect(artifacts.map((a) => a.name)).toEqual([
      'release-fixture',
      'postflight-verify-artifacts-linux-x64',
      `postflight-platform-smoke-${HOST}`,
      'postflight-container-scan-0',
    ])
  })

  it('the report downloads every leg and passes the release', async () => {
    const report = await runJob('report', { ...inputs, 'needs.setup.outputs.expect': expected })
    expect(report.code, report.log).toBe(0)
    expect(report.outputs.verdict).toBe('pass')
    expect(report.log, 'the run is recorded in the history database').toMatch(/history/i)
    expect(JSON.parse(report.outputs.missing ?? '')).toEqual([])
  })

  it('fails closed when a leg the plan expects never uploaded', async () => {
    const both = await plan(`${HOST},win32-x64`)
    const report = await runJob('report', { ...inputs, 'needs.setup.outputs.expect': both }, false)
    expect(report.code).toBe(1)
    expect(report.outputs.verdict).toBe('fail')
    expect(JSON.parse(report.outputs.missing ?? '')).toEqual(['platform-smoke@win32-x64'])
  })
})
