import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findResultsFiles } from '../collect.ts'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pf-collect-'))
  for (const f of ['a/x.json', 'a/deep/y.json', 'a/notes.txt', 'b/z.json', 'out/report.json']) {
    await mkdir(path.dirname(path.join(dir, f)), { recursive: true })
    await writeFile(path.join(dir, f), '{}')
  }
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('findResultsFiles', () => {
  it.each([
    [['a'], ['a/deep/y.json', 'a/x.json']],
    [
      ['b/*.json', 'a/x.json'],
      ['a/x.json', 'b/z.json'],
    ],
    [['**/*.json'], ['a/deep/y.json', 'a/x.json', 'b/z.json']],
  ])('%j', async (entries, expected) => {
    const found = await findResultsFiles(
      entries.map((e) => path.join(dir, e)),
      [path.join(dir, 'out')],
    )
    expect(found.map((f) => path.relative(dir, f).split(path.sep).join('/'))).toEqual(expected)
  })

  it('names a folder that does not exist; an empty glob is fine', async () => {
    await expect(findResultsFiles([path.join(dir, 'nope')])).rejects.toThrow(
      /input 'results'.*does not exist/,
    )
    await expect(findResultsFiles([path.join(dir, 'nope-*.json')])).resolves.toEqual([])
  })
})
