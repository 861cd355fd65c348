import { execFile } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NODE24, REPO } from './helpers/paths.ts'

const run = promisify(execFile)
let out: string

beforeAll(async () => {
  out = await mkdtemp(path.join(os.tmpdir(), 'pf-dist-'))
  await run(NODE24, [path.join(REPO, 'scripts/build-actions.ts'), '--out', out], { cwd: REPO })
})
afterAll(() => rm(out, { recursive: true, force: true }))

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort()
}

describe('committed bundles', async () => {
  const actions = (await readdir(path.join(REPO, 'actions'), { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)

  it.each(actions)(
    'actions/%s/dist is what a fresh build produces (run `pnpm build` and commit)',
    async (name) => {
      // Every file: index.js, a post step's post.js, the shared chunks and their license texts.
      const fresh = await listFiles(path.join(out, name))
      const committed = await listFiles(path.join(REPO, 'actions', name, 'dist'))
      expect(committed, `${name}/dist files`).toEqual(fresh)
      expect(fresh).toContain('index.js')
      for (const file of fresh) {
        const built = await readFile(path.join(out, name, file), 'utf8')
        const kept = await readFile(path.join(REPO, 'actions', name, 'dist', file), 'utf8')
        // Compare lengths first: a full-text diff of a multi-megabyte bundle is unreadable.
        expect(kept.length, `${name}/dist/${file} length`).toBe(built.length)
        expect(kept === built, `${name}/dist/${file} content`).toBe(true)
      }
    },
  )
})
