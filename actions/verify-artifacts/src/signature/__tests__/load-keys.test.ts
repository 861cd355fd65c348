import { isPostflightError, PostflightError } from '@postflight/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadPublicKeys } from '../load-keys.ts'
import { makeTestKey, type TestKey } from './openpgp-fixtures.ts'

const enoent = (path: string) =>
  Object.assign(new Error(`ENOENT: no such file, open '${path}'`), { code: 'ENOENT' })

async function loadError(
  sources: string[],
  files: Record<string, Uint8Array | Error> = {},
): Promise<PostflightError> {
  const error = await loadPublicKeys(sources, async (path) => {
    const content = files[path] ?? enoent(path)
    if (content instanceof Error) throw content
    return content
  }).catch((err: unknown) => err)
  if (!(error instanceof PostflightError)) throw new Error(`expected a PostflightError, got ${String(error)}`)
  return error
}

describe('#loadPublicKeys', () => {
  let alice: TestKey
  let bob: TestKey
  const files: Record<string, Uint8Array> = {}
  const readFile = async (path: string): Promise<Uint8Array> => {
    const content = files[path]
    if (content === undefined) throw enoent(path)
    return content
  }

  beforeAll(async () => {
    ;[alice, bob] = await Promise.all([makeTestKey('Alice'), makeTestKey('Bob')])
    const encode = (text: string) => new TextEncoder().encode(text)
    files['/keys/alice.asc'] = encode(alice.armoredPublic)
    files['/keys/alice.gpg'] = alice.binaryPublic
    files['/keys/KEYS'] = encode(
      `This file holds the release keys.\n\npub   ed25519 Alice\n${alice.armoredPublic}\npub   ed25519 Bob\n${bob.armoredPublic}`,
    )
  })

  afterAll(() => {
    for (const path of Object.keys(files)) delete files[path]
  })

  describe('when given armored key text', () => {
    it('returns the key with its fingerprint, key id and user ids', async () => {
      const [key, ...rest] = await loadPublicKeys([alice.armoredPublic], readFile)

      expect(rest).toEqual([])
      expect(key).toMatchObject({
        fingerprint: alice.fingerprint,
        keyId: alice.fingerprint.slice(-16),
        userIds: ['Alice <alice@example.com>'],
        source: 'key 1 (inline)',
      })
      expect(key?.fingerprint).toMatch(/^[0-9A-F]{40}$/)
      expect(key?.subkeyFingerprints).toHaveLength(1)
      expect(key?.key.isPrivate()).toBe(false)
    })
  })

  describe('when given file paths', () => {
    it('reads armored and binary key files', async () => {
      const keys = await loadPublicKeys(['/keys/alice.asc', '/keys/alice.gpg', bob.armoredPublic], readFile)

      expect(keys.map((key) => key.fingerprint)).toEqual([alice.fingerprint, bob.fingerprint])
      expect(keys[0]?.source).toBe('/keys/alice.asc')
    })

    it('reads every armored block of a KEYS file, ignoring the prose around them', async () => {
      const keys = await loadPublicKeys(['/keys/KEYS'], readFile)

      expect(keys.map((key) => key.fingerprint)).toEqual([alice.fingerprint, bob.fingerprint])
    })
  })

  describe('when a source is neither a key nor a file', () => {
    it('fails with BAD_INPUT naming the source', async () => {
      const error = await loadError(['/nowhere/key.asc'])

      expect(error.code).toBe('BAD_INPUT')
      expect(error.message).toContain('"/nowhere/key.asc"')
      expect(error.message).toContain('ENOENT')
    })

    it('explains that a fingerprint is not a key', async () => {
      const error = await loadError([alice.fingerprint])

      expect(error.code).toBe('BAD_INPUT')
      expect(error.message).toContain('looks like a key id or fingerprint')
    })

    it('never echoes a long pasted text in full', async () => {
      const pasted = `mDMEZ${'x'.repeat(300)}\nmore lines of base64`

      const error = await loadError([pasted])

      expect(error.code).toBe('BAD_INPUT')
      expect(error.message).toContain('"mDMEZxxxxxxxxxxxxxxxxxxx…"')
      expect(error.message).toContain(`(${pasted.length} characters)`)
      expect(error.message).not.toContain('x'.repeat(30))
    })

    it('rejects a file that holds no key', async () => {
      const error = await loadError(['/keys/notes.txt'], {
        '/keys/notes.txt': new TextEncoder().encode('hello'),
      })

      expect(error.code).toBe('BAD_INPUT')
      expect(error.message).toContain('/keys/notes.txt holds neither an armored')
    })

    it('names a signature given in place of a key', async () => {
      const error = await loadError([
        '-----BEGIN PGP SIGNATURE-----\n\nwnUEABYKAB0WIQ\n-----END PGP SIGNATURE-----',
      ])

      expect(error.message).toContain('holds a PGP SIGNATURE block, not a PGP PUBLIC KEY BLOCK')
    })

    it('reports a corrupt armored key as BAD_INPUT', async () => {
      const corrupt = alice.armoredPublic.replace(/\n[A-Za-z0-9+/]{20}/, '\n!!!!')

      const error = await loadError([corrupt])

      expect(error.code).toBe('BAD_INPUT')
      expect(error.message).toMatch(/^Could not read an OpenPGP public key from key 1 \(inline\): /)
    })
  })

  describe('when a private key is given by mistake', () => {
    it('refuses armored private key text without echoing it', async () => {
      const error = await loadError([alice.armoredPrivate])

      expect(error.code).toBe('BAD_INPUT')
      expect(error.message).toContain('is an OpenPGP PRIVATE key')
      expect(error.message).not.toContain(alice.armoredPrivate.split('\n')[3])
    })

    it('refuses a binary private key file', async () => {
      const binary = alice.privateKey.write() as Uint8Array

      const error = await loadError(['/keys/secret.gpg'], { '/keys/secret.gpg': binary })

      expect(error.message).toBe(
        '/keys/secret.gpg is an OpenPGP PRIVATE key. Give the public key instead (gpg --armor --export <key-id>), and treat the private key as exposed wherever it was stored.',
      )
      expect(error.field).toBe('/keys/secret.gpg')
    })
  })

  describe('when the key file cannot be read', () => {
    it('fails with IO for errors other than a missing file', async () => {
      const denied = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' })

      const error = await loadError(['/keys/locked.asc'], { '/keys/locked.asc': denied })

      expect(isPostflightError(error, 'IO')).toBe(true)
      expect(error.cause).toBe(denied)
    })
  })

  describe('when the same key is given twice', () => {
    it('keeps it once', async () => {
      const keys = await loadPublicKeys([alice.armoredPublic, '/keys/alice.gpg'], readFile)

      expect(keys).toHaveLength(1)
    })
  })
})
