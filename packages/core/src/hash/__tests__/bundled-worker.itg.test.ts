import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashFile } from '../index.ts'

const hashIndex = fileURLToPath(new URL('../index.ts', import.meta.url))
let dir: string

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'postflight-bundle-'))
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('#hashFiles', () => {
  describe('when bundled by esbuild into one ESM file, as the actions ship', () => {
    it('still starts its workers and hashes correctly', async () => {
      const files = await Promise.all(
        [0, 10, 1_500_000].map(async (size, i) => {
          const file = path.join(dir, `in-${i}.bin`)
          await writeFile(file, randomBytes(size))
          return file
        }),
      )
      const entry = path.join(dir, 'entry.ts')
      await writeFile(
        entry,
        `import { hashFiles } from ${JSON.stringify(hashIndex)}
const results = await hashFiles(process.argv.slice(2), ['sha256', 'sha512'], { concurrency: 2 })
process.stdout.write(JSON.stringify(results))
`,
      )
      const outfile = path.join(dir, 'dist', 'index.js')
      await build({
        entryPoints: [entry],
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node24',
        outfile,
      })
      // Nothing but the bundle exists at run time: no worker file beside it.
      expect(await readdir(path.dirname(outfile))).toEqual(['index.js'])

      const out = execFileSync(process.execPath, [outfile, ...files], { cwd: dir, encoding: 'utf8' })
      const expected = await Promise.all(
        files.map(async (file) => ({ path: file, ...(await hashFile(file, ['sha256', 'sha512'])) })),
      )
      expect(JSON.parse(out)).toEqual(expected)
    })
  })
})
