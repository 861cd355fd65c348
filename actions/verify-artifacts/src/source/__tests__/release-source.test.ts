import { mkdtemp, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { VerifyInputs } from '../../inputs.ts'
import { releaseSource } from '../release-source.ts'

const options = (raw: Record<string, string>) => VerifyInputs.parse(raw)

describe('#releaseSource', () => {
  test.each([
    [
      'a directory wins over everything',
      { directory: 'dist', tag: 'v1' },
      { GITHUB_REPOSITORY: 'a/b' },
      { kind: 'folder', directory: 'dist' },
    ],
    [
      'a tag fetches from the current repository',
      { tag: 'v1.2.3' },
      { GITHUB_REPOSITORY: 'a/b', GITHUB_API_URL: 'https://ghes.example/api/v3' },
      {
        kind: 'github',
        repo: 'a/b',
        which: { tag: 'v1.2.3' },
        apiUrl: 'https://ghes.example/api/v3',
        token: undefined,
      },
    ],
    [
      'latest is the latest release, on api.github.com by default',
      { tag: 'latest', repository: 'c/d' },
      { GITHUB_REPOSITORY: 'a/b', GH_TOKEN: 'gh' },
      { kind: 'github', repo: 'c/d', which: { latest: true }, apiUrl: 'https://api.github.com', token: 'gh' },
    ],
    [
      'the token input wins over the environment',
      { tag: 'v1', repository: 'c/d', token: 'in' },
      { GITHUB_TOKEN: 'env' },
      { kind: 'github', token: 'in' },
    ],
  ])('%s', async (_name, raw, env, expected) => {
    expect(await releaseSource(options(raw), env)).toMatchObject(expected)
  })

  test('takes the release of the event the step runs on, by id', async () => {
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'pf-event-')), 'event.json')
    await writeFile(
      file,
      JSON.stringify({ release: { id: 42, tag_name: 'v2' }, repository: { full_name: 'e/f' } }),
    )
    const env = { GITHUB_EVENT_NAME: 'release', GITHUB_EVENT_PATH: file, GITHUB_REPOSITORY: 'e/f' }
    expect(await releaseSource(options({}), env)).toMatchObject({ repo: 'e/f', which: { id: 42 } })
    // An explicit tag is what the user asked for, event or not.
    expect(await releaseSource(options({ tag: 'v1' }), env)).toMatchObject({ which: { tag: 'v1' } })
  })

  test('asks for a source when there is none', async () => {
    await expect(releaseSource(options({}), { GITHUB_REPOSITORY: 'a/b' })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringMatching(/nothing to verify/),
    })
  })

  test.each([['no-slash'], ['a/b/c'], ['a b/c']])('rejects repository %s', (repository) => {
    expect(VerifyInputs.safeParse({ repository }).success).toBe(false)
  })
})
