// Each action's README carries its inputs and outputs tables as scripts/gen-action-docs.ts makes
// them from action.yml; an input added, renamed or re-described without regenerating fails here.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  actionReadmes,
  END,
  renderActionDocs,
  START,
  splitDefault,
  updateReadme,
} from '../scripts/gen-action-docs.ts'
import { REPO } from './helpers/paths.ts'

const { found } = await actionReadmes(REPO)
const lf = (text: string): string => text.replace(/\r\n/g, '\n')

describe('action READMEs', () => {
  it('finds the actions that have a README', () => {
    expect(found.map((d) => path.basename(d))).toEqual(
      expect.arrayContaining(['platform-smoke', 'report', 'verify-artifacts']),
    )
  })

  it.each(found.map((d) => [path.basename(d), d]))(
    '%s/README.md has the tables of its action.yml (else run: node scripts/gen-action-docs.ts)',
    async (_name, dir) => {
      // A Windows checkout may turn LF into CRLF; the tables are compared as text.
      const readme = lf(await readFile(path.join(dir, 'README.md'), 'utf8'))
      const actionYml = lf(await readFile(path.join(dir, 'action.yml'), 'utf8'))
      expect(readme).toContain(START)
      expect(updateReadme(readme, renderActionDocs(actionYml))).toBe(readme)
    },
  )
})

describe('#renderActionDocs', () => {
  const yml = `
inputs:
  tag:
    description: "The release tag | or latest. Default: the release event's tag."
    required: true
  token:
    description: "GitHub token"
    default: \${{ github.token }}
outputs:
  status:
    description: "pass or fail"
`
  it('makes one row per input with its default taken from the description, and one per output', () => {
    expect(renderActionDocs(yml)).toBe(
      [
        '### Inputs',
        '',
        '| Input   | Required | Default                 | Description                   |',
        '| ------- | -------- | ----------------------- | ----------------------------- |',
        "| `tag`   | yes      | the release event's tag | The release tag \\| or latest. |",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, as action.yml writes it
        '| `token` | no       | `${{ github.token }}`   | GitHub token                  |',
        '',
        '### Outputs',
        '',
        '| Output   | Description  |',
        '| -------- | ------------ |',
        '| `status` | pass or fail |',
      ].join('\n'),
    )
  })

  it('replaces only the region between the markers, and appends one where there is none', () => {
    const readme = `# A\n\nhand-written\n\n${START}\n\nold\n\n${END}\n\n## After\n`
    expect(updateReadme(readme, 'new')).toBe(`# A\n\nhand-written\n\n${START}\n\nnew\n\n${END}\n\n## After\n`)
    expect(updateReadme('# B\n', 'new')).toBe(`# B\n\n## Inputs and outputs\n\n${START}\n\nnew\n\n${END}\n`)
  })

  it.each([
    ['Folder. Default: postflight-results.', 'Folder.', 'postflight-results'],
    ['Folder to write to', 'Folder to write to', ''],
  ])('splits %j', (description, text, dflt) => {
    expect(splitDefault(description)).toEqual({ text, dflt })
  })
})

describe('README.md and docs/', () => {
  it.each(['README.md', 'docs/comparison.md'])('%s links only to files that exist', async (file) => {
    const text = await readFile(path.join(REPO, file), 'utf8')
    const targets = [...text.matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)]
      .map((m) => m[1] as string)
      .filter((t) => !/^[a-z]+:/.test(t))
    expect(targets.length).toBeGreaterThan(0)
    const missing: string[] = []
    for (const t of targets) {
      const ok = await readFile(path.resolve(path.dirname(path.join(REPO, file)), t)).then(
        () => true,
        (err: NodeJS.ErrnoException) => err.code === 'EISDIR',
      )
      if (!ok) missing.push(t)
    }
    expect(missing).toEqual([])
  })

  it('keeps the two commands first, exactly as .ci/run runs the test one', async () => {
    const readme = lf(await readFile(path.join(REPO, 'README.md'), 'utf8'))
    expect(
      readme.startsWith(
        '```sh\nnpx -y pnpm@10 install && npx -y pnpm@10 demo\nnpx -y pnpm@10 install && npx -y pnpm@10 test\n```\n',
      ),
    ).toBe(true)
  })
})
