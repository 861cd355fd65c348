import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PostflightError } from '@postflight/core'
import { afterAll, beforeAll, describe, expect, it, test } from 'vitest'
import { loadPublicKeys } from '../load-keys.ts'
import type { LoadedKey } from '../types.ts'
import { verifyDetachedSignature } from '../verify-detached.ts'
import { makeTestKey, signDetached, type TestKey } from './openpgp-fixtures.ts'

const DATA = new TextEncoder().encode('release contents\n')

describe('#verifyDetachedSignature', () => {
  let dir: string
  let dataPath: string
  let alice: TestKey
  let mallory: TestKey
  let trusted: LoadedKey[]

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'postflight-verify-'))
    dataPath = path.join(dir, 'app.tar.gz')
    await writeFile(dataPath, DATA)
    ;[alice, mallory] = await Promise.all([makeTestKey('Alice'), makeTestKey('Mallory')])
    trusted = await loadPublicKeys([alice.armoredPublic])
  })

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  describe('when a trusted key signed the file', () => {
    test.each([
      ['binary', false],
      ['armored', true],
    ])('accepts a %s signature and names the signer', async (_title, armored) => {
      const signature = await signDetached(alice, DATA, armored)

      const verdict = await verifyDetachedSignature({ dataPath, signature, keys: trusted })

      expect(verdict).toMatchObject({ valid: true, signerFingerprint: alice.fingerprint })
      expect(verdict.reason).toBeUndefined()
      expect(verdict.signerKeyId).toMatch(/^[0-9A-F]{16}$/)
      expect(Date.parse(verdict.signedAt ?? '')).toBeGreaterThan(Date.now() - 60_000)
    })
  })

  describe('when the signature does not hold', () => {
    it('rejects a signature by a key that is not trusted, naming that key', async () => {
      const signature = await signDetached(mallory, DATA, false)

      const verdict = await verifyDetachedSignature({ dataPath, signature, keys: trusted })

      expect(verdict.valid).toBe(false)
      expect(verdict.reason).toContain(`Signed by unknown key ${verdict.signerFingerprint}`)
      expect(verdict.reason).toContain(alice.fingerprint)
      expect(verdict.signerKeyId).toMatch(/^[0-9A-F]{16}$/)
    })

    it('says so when no keys were given at all', async () => {
      const signature = await signDetached(alice, DATA, false)

      const verdict = await verifyDetachedSignature({ dataPath, signature, keys: [] })

      expect(verdict.valid).toBe(false)
      expect(verdict.reason).toContain('no public keys were given')
    })

    it('rejects a file changed after signing', async () => {
      const signature = await signDetached(alice, new TextEncoder().encode('the original\n'), true)

      const verdict = await verifyDetachedSignature({ dataPath, signature, keys: trusted })

      expect(verdict).toMatchObject({ valid: false, signerFingerprint: alice.fingerprint })
      expect(verdict.reason).toMatch(/^Bad signature: the file is not what key [0-9A-F]{40} signed/)
    })

    test.each<[string, (signature: Uint8Array) => Uint8Array, RegExp]>([
      [
        'truncated binary',
        (signature) => signature.subarray(0, 20),
        /^Malformed OpenPGP signature \(truncated or corrupted\?\): /,
      ],
      [
        'truncated armor',
        (signature) => signature.subarray(0, Math.floor(signature.length / 2)),
        /^Malformed OpenPGP signature \(truncated or corrupted\?\): /,
      ],
      [
        'minisign text',
        () => new TextEncoder().encode('untrusted comment: minisign\nRWQ=\n'),
        /^Not an OpenPGP signature: it looks like a minisign signature\.$/,
      ],
      ['empty file', () => new Uint8Array(), /^Not an OpenPGP signature: the file is empty\.$/],
      [
        'random bytes',
        () => Uint8Array.of(0x88, 0xff, 0x01, 0x02, 0x03),
        /^Malformed OpenPGP signature \(truncated or corrupted\?\): /,
      ],
    ])('explains a %s signature without throwing', async (title, damage, reason) => {
      const signature = damage(await signDetached(alice, DATA, title.includes('armor')))

      const verdict = await verifyDetachedSignature({ dataPath, signature, keys: trusted })

      expect(verdict.valid).toBe(false)
      expect(verdict.reason).toMatch(reason)
    })
  })

  describe('when the data cannot be read', () => {
    it('throws an IO PostflightError for a missing file', async () => {
      const signature = await signDetached(alice, DATA, false)

      const result = verifyDetachedSignature({
        dataPath: path.join(dir, 'missing'),
        signature,
        keys: trusted,
      })

      await expect(result).rejects.toBeInstanceOf(PostflightError)
      await expect(result).rejects.toMatchObject({ code: 'IO', field: path.join(dir, 'missing') })
    })

    it('throws ABORTED when the signal has already fired', async () => {
      const signature = await signDetached(alice, DATA, false)
      const controller = new AbortController()
      controller.abort(new Error('cancelled by the test'))

      const result = verifyDetachedSignature({
        dataPath,
        signature,
        keys: trusted,
        signal: controller.signal,
      })

      await expect(result).rejects.toMatchObject({ code: 'ABORTED' })
    })
  })
})
