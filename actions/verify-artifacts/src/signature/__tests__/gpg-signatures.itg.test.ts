import { createWriteStream } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { afterAll, beforeAll, describe, expect, it, test } from 'vitest'
import { loadPublicKeys } from '../load-keys.ts'
import type { LoadedKey } from '../types.ts'
import { verifyDetachedSignature } from '../verify-detached.ts'
import { createGpgHome, type GpgHome } from './gpg-home.ts'

describe('#verifyDetachedSignature with real gpg', () => {
  let gpg: GpgHome
  let work: string
  let dataPath: string
  let edFingerprint: string
  let rsaFingerprint: string
  let strangerFingerprint: string
  let trusted: LoadedKey[]

  beforeAll(async () => {
    gpg = await createGpgHome()
    work = await mkdtemp(path.join(tmpdir(), 'postflight-gpg-data-'))
    dataPath = path.join(work, 'app_1.0_linux_amd64.tar.gz')
    await writeFile(dataPath, 'pretend this is a release archive\r\nwith CRLF and trailing spaces   \n')
    edFingerprint = await gpg.genKey('Release Ed <ed@example.com>', { algorithm: 'ed25519' })
    rsaFingerprint = await gpg.genKey('Release RSA <rsa@example.com>', { algorithm: 'rsa3072' })
    strangerFingerprint = await gpg.genKey('Stranger <stranger@example.com>', { algorithm: 'ed25519' })
    const keyFile = path.join(work, 'release-keys.asc')
    await writeFile(keyFile, await gpg.exportPublic(rsaFingerprint))
    trusted = await loadPublicKeys([await gpg.exportPublic(edFingerprint), keyFile])
  })

  afterAll(async () => {
    await gpg?.cleanup()
    await rm(work, { recursive: true, force: true })
  })

  it('loads gpg-exported keys with their fingerprints and user ids', () => {
    expect(trusted.map((key) => [key.fingerprint, key.userIds])).toEqual([
      [edFingerprint, ['Release Ed <ed@example.com>']],
      [rsaFingerprint, ['Release RSA <rsa@example.com>']],
    ])
  })

  describe('when a trusted key signed the file', () => {
    test.each([
      ['ed25519', 'binary', false, false],
      ['ed25519', 'armored', true, false],
      ['rsa3072', 'binary', false, false],
      ['rsa3072', 'armored', true, false],
      ['ed25519', 'text-mode', true, true],
    ])('accepts a %s %s signature and names the fingerprint', async (algorithm, _mode, armor, textMode) => {
      const fingerprint = algorithm === 'ed25519' ? edFingerprint : rsaFingerprint
      const signature = await gpg.detachSign(fingerprint, dataPath, { armor, textMode })

      const verdict = await verifyDetachedSignature({ dataPath, signature, keys: trusted })

      expect(verdict).toMatchObject({
        valid: true,
        signerFingerprint: fingerprint,
        signerKeyId: fingerprint.slice(-16),
      })
      expect(verdict.reason).toBeUndefined()
    })
  })

  describe('when the signature must fail', () => {
    it('names the unknown key that signed', async () => {
      const signature = await gpg.detachSign(strangerFingerprint, dataPath)

      const verdict = await verifyDetachedSignature({ dataPath, signature, keys: trusted })

      expect(verdict.valid).toBe(false)
      expect(verdict.signerKeyId).toBe(strangerFingerprint.slice(-16))
      expect(verdict.reason).toContain(`Signed by unknown key ${strangerFingerprint}`)
    })

    it('rejects a file edited after signing', async () => {
      const signature = await gpg.detachSign(edFingerprint, dataPath, { armor: true })
      const edited = path.join(work, 'edited.tar.gz')
      await writeFile(edited, `${await readFile(dataPath, 'utf8')}one more byte`)

      const verdict = await verifyDetachedSignature({ dataPath: edited, signature, keys: trusted })

      expect(verdict).toMatchObject({ valid: false, signerFingerprint: edFingerprint })
      expect(verdict.reason).toMatch(/^Bad signature: /)
    })

    it('refuses a SHA-1 signature as too weak', async () => {
      const signature = await gpg.detachSign(rsaFingerprint, dataPath, { digestAlgo: 'SHA1' })

      const verdict = await verifyDetachedSignature({ dataPath, signature, keys: trusted })

      expect(verdict).toMatchObject({ valid: false, signerFingerprint: rsaFingerprint })
      expect(verdict.reason).toMatch(/too weak to trust \(Insecure message hash algorithm: SHA1\)/)
    })

    test.each<[string, (signature: Uint8Array) => Uint8Array, RegExp]>([
      [
        'truncated',
        (signature) => signature.subarray(0, signature.length - 10),
        /^Malformed OpenPGP signature \(truncated or corrupted\?\): .+/,
      ],
      [
        'garbage',
        () => new TextEncoder().encode('<html>404 Not Found</html>\n'),
        /^Not an OpenPGP signature: /,
      ],
      [
        'minisign-looking',
        () =>
          new TextEncoder().encode(
            'untrusted comment: signature from minisign secret key\nRUQf6LRCGA9i559r3g7V1qNyJDApGip8MfqcadIgT9CuhV3EMhHoN1mGTkUidF/z7SrlQgXdy8ofjb7bNJJylDOocrCo8KLzZwo=\ntrusted comment: timestamp:1556193335\tfile:app.tar.gz\ny/rUw2y8/hOUYjZU71eHp/Wo1KZ40fGy2VJEDl34XMJM+TX48Ss/17u3IvIfbVR1FkZZSNCisQbuQY+bHwhEBg==\n',
          ),
        /^Not an OpenPGP signature: it looks like a minisign signature\.$/,
      ],
    ])('explains a %s signature', async (_title, damage, reason) => {
      const signature = damage(await gpg.detachSign(rsaFingerprint, dataPath))

      const verdict = await verifyDetachedSignature({ dataPath, signature, keys: trusted })

      expect(verdict.valid).toBe(false)
      expect(verdict.reason).toMatch(reason)
    })
  })

  describe('when the key has changed since signing', () => {
    it('rejects a signature by a key revoked since', async () => {
      const fingerprint = await gpg.genKey('Soon Revoked <revoked@example.com>', { algorithm: 'ed25519' })
      const signature = await gpg.detachSign(fingerprint, dataPath)
      await gpg.revoke(fingerprint)
      const keys = await loadPublicKeys([await gpg.exportPublic(fingerprint)])

      const verdict = await verifyDetachedSignature({ dataPath, signature, keys })

      expect(verdict).toMatchObject({ valid: false, signerFingerprint: fingerprint })
      expect(verdict.reason).toMatch(new RegExp(`^Key ${fingerprint} is revoked`))
    })

    it('accepts a signature made while the key was valid, warning that it has expired', async () => {
      const fingerprint = await gpg.genKey('Old <old@example.com>', {
        algorithm: 'ed25519',
        expire: '1y',
        at: '20200101T000000!',
      })
      const signature = await gpg.detachSign(fingerprint, dataPath, { at: '20200601T000000!' })
      const keys = await loadPublicKeys([await gpg.exportPublic(fingerprint)])

      const verdict = await verifyDetachedSignature({ dataPath, signature, keys })

      expect(verdict).toMatchObject({
        valid: true,
        signerFingerprint: fingerprint,
        signedAt: '2020-06-01T00:00:00.000Z',
      })
      expect(verdict.warnings).toEqual([
        `Key ${fingerprint} expired on 2020-12-31T00:00:00.000Z; the signature was made on 2020-06-01T00:00:00.000Z, while it was valid.`,
      ])
    })
  })

  describe('when the file is large', () => {
    let big: string

    beforeAll(async () => {
      big = path.join(work, 'big.bin')
      const chunk = Buffer.alloc(1024 * 1024)
      for (let i = 0; i < chunk.length; i += 4) chunk.writeUInt32LE((i * 2654435761) >>> 0, i)
      await pipeline(
        (async function* () {
          for (let i = 0; i < 200; i++) yield chunk
        })(),
        createWriteStream(big),
      )
    })

    it('verifies 200 MB while RSS grows by less than 100 MB', async () => {
      const signature = await gpg.detachSign(edFingerprint, big)

      const baseline = process.memoryUsage().rss
      let peak = baseline
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss)
      }, 10)
      const verdict = await verifyDetachedSignature({ dataPath: big, signature, keys: trusted }).finally(() =>
        clearInterval(sampler),
      )
      peak = Math.max(peak, process.memoryUsage().rss)

      expect(verdict).toMatchObject({ valid: true, signerFingerprint: edFingerprint })
      expect((peak - baseline) / 1024 / 1024).toBeLessThan(100)
    })

    it('stops reading and throws ABORTED when aborted midway', async () => {
      const signature = await gpg.detachSign(edFingerprint, big)
      const controller = new AbortController()
      setTimeout(() => controller.abort(new Error('job cancelled')), 20)

      const result = verifyDetachedSignature({
        dataPath: big,
        signature,
        keys: trusted,
        signal: controller.signal,
      })

      await expect(result).rejects.toMatchObject({ name: 'PostflightError', code: 'ABORTED' })
    })
  })
})
