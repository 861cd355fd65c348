import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { FIXTURES } from '../../../../../test/helpers/paths.ts'
import { parseManifest } from '../parse-manifest.ts'

// Real goreleaser manifests from anchore/grype, read in place (see fixtures/SOURCES.md).
const GRYPE = path.join(FIXTURES, 'checksums/grype-goreleaser')
const ARM64 = 'grype_0.78.0_linux_arm64.tar.gz'

async function parseFixture(relative: string) {
  return parseManifest(await readFile(path.join(GRYPE, relative), 'utf8'), path.basename(relative))
}

describe('#parseManifest', () => {
  describe('when given the grype 0.78.0 goreleaser checksums.txt', () => {
    it('reads all 15 sha256 entries without problems', async () => {
      const parsed = await parseFixture('valid/checksums.txt')

      expect(parsed.problems).toEqual([])
      expect(parsed.entries).toHaveLength(15)
      expect(new Set(parsed.entries.map((entry) => entry.algorithm))).toEqual(new Set(['sha256']))
      expect(parsed.entries[0]).toEqual({
        name: 'grype_0.78.0_darwin_amd64.tar.gz',
        algorithm: 'sha256',
        digest: 'cb4f335e106532b927dac14d4857b7be2333ec1b8bd2aea82be3f9112bb2728f',
        line: 1,
        binaryMode: false,
      })
      expect(parsed.entries.at(-1)?.name).toBe('grype_0.78.0_windows_amd64.zip')
    })

    it('holds the digest of the real stand-in artifact', async () => {
      const parsed = await parseFixture('valid/checksums.txt')
      const artifact = await readFile(path.join(GRYPE, 'valid', ARM64))

      const entry = parsed.entries.find((candidate) => candidate.name === ARM64)
      expect(entry?.digest).toBe(createHash('sha256').update(artifact).digest('hex'))
    })
  })

  describe('when given the tampered grype manifest', () => {
    it('parses cleanly, leaving the mismatch for the hashing step to find', async () => {
      const valid = await parseFixture('valid/checksums.txt')
      const invalid = await parseFixture('invalid/checksums.txt')

      expect(invalid.problems).toEqual([])
      expect(invalid.entries).toHaveLength(15)
      const digestOf = (entries: typeof valid.entries) =>
        entries.find((entry) => entry.name === ARM64)?.digest
      expect(digestOf(invalid.entries)).toBe(
        '0d560e860d6f68cf23c8f0df1f5124ef6d3d8d57abb57a0dae3f951b7772822e',
      )
      expect(digestOf(invalid.entries)).not.toBe(digestOf(valid.entries))
    })
  })

  describe('when given a manifest sorted by digest rather than by name', () => {
    it('keeps every entry in file order', async () => {
      const parsed = await parseFixture('grype_0.32.0_checksums.txt')

      expect(parsed.problems).toEqual([])
      expect(parsed.entries.map((entry) => entry.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9])
      expect(parsed.entries.map((entry) => entry.digest)).toEqual(
        parsed.entries.map((entry) => entry.digest).toSorted(),
      )
      expect(parsed.entries.find((entry) => entry.name === 'grype_0.32.0_windows_amd64.zip')?.digest).toBe(
        'dd1d7492e7a7db9a765a02927b0d019d8f9facb1173ae7c245cd06fefedddfd0',
      )
    })
  })

  describe('when given a SNAPSHOT build manifest', () => {
    it('keeps the snapshot version inside each name', async () => {
      const parsed = await parseFixture('grype_0.32.0-SNAPSHOT-d461f63_checksums.txt')

      expect(parsed.problems).toEqual([])
      expect(parsed.entries).toHaveLength(9)
      expect(parsed.entries.every((entry) => entry.name.startsWith('grype_0.32.0-SNAPSHOT-d461f63_'))).toBe(
        true,
      )
      expect(parsed.entries.find((entry) => entry.name.endsWith('_linux_arm64.deb'))?.digest).toBe(
        'e1efed13fa93c207b773cbc2a9252b87049e1a826bacb77b756a20a13a29e465',
      )
    })
  })
})
