import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { parseManifest } from '../parse-manifest.ts'
import type { ManifestAlgorithm } from '../types.ts'

const run = promisify(execFile)

const PLAIN_NAMES = ['my file.txt', 'two  spaces (x86_64).tar.gz', 'back\\slash.bin']
// Only coreutils and shasum escape a newline; OpenSSL writes it raw and splits the line.
const NEWLINE_NAME = 'new\nline.txt'

interface ToolCase {
  title: string
  command: string
  args: string[]
  manifest: string
  algorithm: ManifestAlgorithm
  names: string[]
  binaryMode?: boolean
}

const withNewline = [...PLAIN_NAMES, NEWLINE_NAME]

const cases: ToolCase[] = [
  {
    title: 'sha256sum',
    command: 'sha256sum',
    args: [],
    manifest: 'SHA256SUMS',
    algorithm: 'sha256',
    names: withNewline,
    binaryMode: false,
  },
  {
    title: 'sha256sum --tag',
    command: 'sha256sum',
    args: ['--tag'],
    manifest: 'SHA256SUMS',
    algorithm: 'sha256',
    names: withNewline,
  },
  {
    title: 'sha512sum',
    command: 'sha512sum',
    args: [],
    manifest: 'SHA512SUMS',
    algorithm: 'sha512',
    names: withNewline,
    binaryMode: false,
  },
  {
    title: 'sha256sum of one asset',
    command: 'sha256sum',
    args: [],
    manifest: 'my file.txt.sha256',
    algorithm: 'sha256',
    names: ['my file.txt'],
    binaryMode: false,
  },
  {
    title: 'shasum -a 256',
    command: 'shasum',
    args: ['-a', '256'],
    manifest: 'checksums.txt',
    algorithm: 'sha256',
    names: withNewline,
    binaryMode: false,
  },
  {
    title: 'shasum -a 256 -b',
    command: 'shasum',
    args: ['-a', '256', '-b'],
    manifest: 'checksums.txt',
    algorithm: 'sha256',
    names: withNewline,
    binaryMode: true,
  },
  {
    title: 'shasum -a 512 --tag',
    command: 'shasum',
    args: ['-a', '512', '--tag'],
    manifest: 'checksums.txt',
    algorithm: 'sha512',
    names: withNewline,
  },
  {
    title: 'openssl dgst -sha256 -r',
    command: 'openssl',
    args: ['dgst', '-sha256', '-r'],
    manifest: 'checksums.txt',
    algorithm: 'sha256',
    names: PLAIN_NAMES,
    binaryMode: true,
  },
  {
    title: 'openssl dgst -sha256',
    command: 'openssl',
    args: ['dgst', '-sha256'],
    manifest: 'checksums.txt',
    algorithm: 'sha256',
    names: PLAIN_NAMES,
  },
  {
    title: 'openssl dgst -sha512',
    command: 'openssl',
    args: ['dgst', '-sha512'],
    manifest: 'SHA512SUMS',
    algorithm: 'sha512',
    names: PLAIN_NAMES,
  },
]

describe('#parseManifest', () => {
  describe('when the manifest comes from a real checksum tool', () => {
    let dir: string

    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'postflight-manifest-'))
      for (const [index, name] of withNewline.entries()) {
        await writeFile(path.join(dir, name), `contents of file ${index}\n`.repeat(index + 1))
      }
    })

    afterAll(async () => {
      await rm(dir, { recursive: true, force: true })
    })

    test.each(cases)(
      'reads $title output',
      async ({ command, args, manifest, algorithm, names, binaryMode }) => {
        const { stdout } = await run(command, [...args, ...names], { cwd: dir })

        const parsed = parseManifest(stdout, manifest)

        expect(parsed.problems).toEqual([])
        expect(parsed.entries.map((entry) => entry.name).toSorted()).toEqual(names.toSorted())
        for (const entry of parsed.entries) {
          const expected = createHash(algorithm)
            .update(await readFile(path.join(dir, entry.name)))
            .digest('hex')
          expect(entry).toMatchObject({ algorithm, digest: expected })
          expect(entry.binaryMode).toBe(binaryMode)
        }
      },
    )
  })
})
