import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { isPostflightError } from '@postflight/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadTrustedRoot } from '../trusted-root.ts'
import { PRODUCTION_ROOT, STAGING_ROOT } from './fixtures.ts'

describe('#loadTrustedRoot', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'postflight-trusted-root-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  describe('when no source is given', () => {
    it('returns the public-good production root embedded in @sigstore/tuf', async () => {
      const embedded = await loadTrustedRoot()
      const production = await loadTrustedRoot(PRODUCTION_ROOT)
      expect(embedded.source).toMatch(/^public-good trusted root \(embedded in @sigstore\/tuf \d/)
      expect(embedded.root.tlogs.map((t) => t.baseUrl)).toContain('https://rekor.sigstore.dev')
      // The embedded copy is the one sigstore-python ships too: same logs, same CAs.
      expect(embedded.root).toEqual(production.root)
    })

    it.each([[''], ['   ']])('treats %j as not given', async (source) => {
      expect((await loadTrustedRoot(source)).source).toMatch(/^public-good/)
    })
  })

  describe('when a path is given', () => {
    it('loads the staging root with its own logs', async () => {
      const staging = await loadTrustedRoot(STAGING_ROOT)
      expect(staging.source).toBe(STAGING_ROOT)
      expect(staging.root.tlogs.map((t) => t.baseUrl)).toContain('https://rekor.sigstage.dev')
      expect(staging.material.certificateAuthorities.length).toBeGreaterThan(0)
    })
  })

  describe('when the file is unusable', () => {
    it.each([
      ['missing', undefined, /cannot be read/],
      [
        'not JSON',
        '{"mediaType": "application/vnd.dev.sigstore.trustedroot+json;version=0.1", "tlogs": [',
        /is not JSON/,
      ],
      [
        'another document',
        '{"mediaType": "application/vnd.dev.sigstore.bundle+json;version=0.1"}',
        /not a Sigstore trusted root/,
      ],
      ['a JSON array', '[]', /mediaType undefined/],
      [
        'empty of logs',
        '{"mediaType": "application/vnd.dev.sigstore.trustedroot+json;version=0.1"}',
        /no transparency log/,
      ],
      [
        'a garbled log key',
        JSON.stringify({
          mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
          tlogs: [
            {
              baseUrl: 'https://x',
              hashAlgorithm: 'SHA2_256',
              publicKey: { rawBytes: 'AAAA', keyDetails: 'PKIX_ECDSA_P256_SHA_256' },
              logId: { keyId: 'AAAA' },
            },
          ],
        }),
        /not a usable trusted root/,
      ],
    ])('throws BAD_INPUT naming trusted-root for a file that is %s', async (label, content, problem) => {
      const file = path.join(dir, `${label.replaceAll(' ', '-')}.json`)
      if (content !== undefined) await writeFile(file, content)
      const error = await loadTrustedRoot(file).catch((err: unknown) => err)
      expect(isPostflightError(error, 'BAD_INPUT')).toBe(true)
      expect(error).toMatchObject({ field: 'trusted-root' })
      expect((error as Error).message).toMatch(/^trusted-root: expected a Sigstore trusted_root\.json/)
      expect((error as Error).message).toMatch(problem)
      expect((error as Error).message).toContain(file)
    })
  })
})
