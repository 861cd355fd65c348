// Writes each action's inputs and outputs tables into its README.md, between markers, from its
// action.yml: the one source the runner reads. `--check` writes nothing and exits 1 when a README
// differs (test/action-docs.test.ts fails the same way). The rest of each README is hand-written.
//   node scripts/gen-action-docs.ts [--check] [action-name ...]   (default: every action)
import { readdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { parse } from 'yaml'

export const START =
  '<!-- action-docs:start (generated from action.yml by scripts/gen-action-docs.ts: do not edit) -->'
export const END = '<!-- action-docs:end -->'

interface ActionYml {
  inputs?: Record<string, { description?: string; required?: boolean; default?: unknown }>
  outputs?: Record<string, { description?: string }>
}

/** A table cell: one line, pipes escaped, so a description cannot break the table. */
function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').trim()
}

/** Splits the trailing `Default: X.` every description with a schema default ends with (test/action-yml.test.ts). */
export function splitDefault(description: string): { text: string; dflt: string } {
  const m = /^(.*?)\s*Default: (.+?)\.?$/s.exec(description.trim())
  return m ? { text: m[1] ?? '', dflt: m[2] ?? '' } : { text: description.trim(), dflt: '' }
}

/**
 * A Markdown table with its columns padded to one width, as the repository's other tables are
 * (and as Markdown formatters leave them), so formatting a README never makes it drift.
 */
function table(head: string[], rows: string[][]): string[] {
  const width = (s: string): number => [...s].length
  const widths = head.map((h, i) => Math.max(3, width(h), ...rows.map((r) => width(r[i] ?? ''))))
  const line = (cells: string[]): string =>
    `| ${cells.map((c, i) => c + ' '.repeat((widths[i] ?? 0) - width(c))).join(' | ')} |`
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)]
}

/** The generated region of one action's README: its inputs, then its outputs. */
export function renderActionDocs(actionYml: string): string {
  const action = (parse(actionYml) ?? {}) as ActionYml
  const inputs = Object.entries(action.inputs ?? {}).map(([name, input]) => {
    const { text, dflt } = splitDefault(input.description ?? '')
    const fallback = input.default === undefined ? '' : `\`${String(input.default)}\``
    return [`\`${name}\``, input.required ? 'yes' : 'no', cell(dflt || fallback), cell(text)]
  })
  const outputs = Object.entries(action.outputs ?? {}).map(([name, output]) => [
    `\`${name}\``,
    cell(output.description ?? ''),
  ])
  const lines = ['### Inputs', '']
  lines.push(...(inputs.length ? table(['Input', 'Required', 'Default', 'Description'], inputs) : ['None.']))
  lines.push('', '### Outputs', '')
  lines.push(...(outputs.length ? table(['Output', 'Description'], outputs) : ['None.']))
  return lines.join('\n')
}

/**
 * The README with the region replaced; a README without the markers gets them, under a heading of
 * its own, at its end (where nothing hand-written is in the way).
 */
export function updateReadme(readme: string, region: string): string {
  const block = `${START}\n\n${region}\n\n${END}`
  const start = readme.indexOf(START)
  const end = readme.indexOf(END)
  if (start !== -1 && end > start) return readme.slice(0, start) + block + readme.slice(end + END.length)
  return `${readme.trimEnd()}\n\n## Inputs and outputs\n\n${block}\n`
}

/** Every action folder with an action.yml and a README.md; those without a README are named. */
export async function actionReadmes(root: string): Promise<{ found: string[]; withoutReadme: string[] }> {
  const found: string[] = []
  const withoutReadme: string[] = []
  for (const name of (await readdir(path.join(root, 'actions'))).sort()) {
    const dir = path.join(root, 'actions', name)
    const has = async (f: string) =>
      readFile(path.join(dir, f)).then(
        () => true,
        () => false,
      )
    if (!(await has('action.yml'))) continue
    if (await has('README.md')) found.push(dir)
    else withoutReadme.push(dir)
  }
  return { found, withoutReadme }
}

async function main(): Promise<void> {
  const root = path.resolve(import.meta.dirname, '..')
  const check = process.argv.includes('--check')
  const names = process.argv.slice(2).filter((a) => !a.startsWith('--'))
  const all = await actionReadmes(root)
  const only = (dirs: string[]) =>
    names.length ? dirs.filter((d) => names.includes(path.basename(d))) : dirs
  const found = only(all.found)
  const withoutReadme = only(all.withoutReadme)
  let drift = 0
  for (const dir of found) {
    const readmeFile = path.join(dir, 'README.md')
    const readme = await readFile(readmeFile, 'utf8')
    const next = updateReadme(readme, renderActionDocs(await readFile(path.join(dir, 'action.yml'), 'utf8')))
    const rel = path.relative(root, readmeFile)
    if (next === readme) continue
    drift++
    if (check) console.log(`${rel}: inputs/outputs tables differ from action.yml`)
    else {
      await writeFile(readmeFile, next)
      console.log(`wrote ${rel}`)
    }
  }
  for (const dir of withoutReadme) console.log(`${path.relative(root, dir)}: no README.md yet, skipped`)
  if (check && drift > 0) {
    console.log('run: node scripts/gen-action-docs.ts')
    process.exitCode = 1
  }
}

if (import.meta.main) await main()
