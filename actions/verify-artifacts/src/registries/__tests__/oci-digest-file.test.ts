import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { digestFromRelease, isDigestFileName } from '../oci/digest-file.ts'

const A = `sha256:${'a'.repeat(64)}`
const B = `sha256:${'b'.repeat(64)}`

describe('#isDigestFileName', () => {
  it.each([
    ['app.digest', true],
    ['digest.txt', true],
    ['DIGEST.TXT', true],
    ['app.tar.gz', false],
    ['digests.txt', false],
  ])('%s: %s', (name, expected) => {
    expect(isDigestFileName(name)).toBe(expected)
  })
})

describe('#digestFromRelease', () => {
  let dir: string
  const file = async (name: string, text: string) => {
    await writeFile(path.join(dir, name), text)
    return { name, path: path.join(dir, name) }
  }
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'digest-file-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('finds the digest in a digest.txt among other files', async () => {
    const files = [await file('digest.txt', `image: ghcr.io/a/app\n${A}\n`), await file('app.tar.gz', B)]
    expect(await digestFromRelease(files, 'a/app')).toEqual({ kind: 'found', digest: A, file: 'digest.txt' })
  })

  it('prefers the file named after the image when several name different digests', async () => {
    const files = [await file('app.digest', A), await file('worker.digest', B)]
    expect(await digestFromRelease(files, 'acme/worker')).toEqual({
      kind: 'found',
      digest: B,
      file: 'worker.digest',
    })
  })

  it('does not guess between different digests', async () => {
    const files = [await file('app.digest', A), await file('worker.digest', B)]
    expect((await digestFromRelease(files, 'acme/other')).kind).toBe('ambiguous')
  })

  it('says when there is none', async () => {
    expect(await digestFromRelease([await file('notes.digest', 'no digest here')], 'a')).toEqual({
      kind: 'none',
    })
  })
})
