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

describe('committed bundles', async () => {
  const actions = (await readdir(path.join(REPO, 'actions'), { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)

  it.each(actions)(
    'actions/%s/dist is what a fresh build produces (run `pnpm build` and commit)',
    async (name) => {
      // A post step's bundle (deploy-healthcheck cleans up in one) is compared like the main one.
      const built = await readdir(path.join(out, name))
      const post = built.includes('post.js') ? ['post.js', 'post.js.LEGAL.txt'] : []
      for (const file of ['index.js', 'package.json', 'index.js.LEGAL.txt', ...post]) {
        const fresh = await readFile(path.join(out, name, file), 'utf8')
        const committed = await readFile(path.join(REPO, 'actions', name, 'dist', file), 'utf8').catch(
          () => '(missing)',
        )
        // Compare lengths first: a full-text diff of a multi-megabyte bundle is unreadable.
        expect(committed.length, `${name}/dist/${file} length`).toBe(fresh.length)
        expect(committed === fresh, `${name}/dist/${file} content`).toBe(true)
      }
    },
  )
})
