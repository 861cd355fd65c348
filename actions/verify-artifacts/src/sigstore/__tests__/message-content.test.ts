import { createHash, generateKeyPairSync, type KeyObject, sign } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { MessageSignature } from '@sigstore/bundle'
import { HashAlgorithm } from '@sigstore/protobuf-specs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { streamedMessageContent } from '../message-content.ts'
import { readArtifact } from '../read-artifact.ts'

// Bigger than the 1 MiB read size, so the incremental verifier sees several chunks.
const SIZE = 3 * 1024 * 1024 + 17

function keys(type: 'ec' | 'ed25519' | 'rsa'): { publicKey: KeyObject; privateKey: KeyObject } {
  if (type === 'ec') return generateKeyPairSync('ec', { namedCurve: 'P-256' })
  if (type === 'rsa') return generateKeyPairSync('rsa', { modulusLength: 2048 })
  return generateKeyPairSync('ed25519')
}

describe('#streamedMessageContent', () => {
  let dir: string
  let original: string
  let altered: string
  let data: Buffer
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'postflight-streamed-'))
    data = Buffer.alloc(SIZE, 7)
    original = path.join(dir, 'original.bin')
    altered = path.join(dir, 'altered.bin')
    await writeFile(original, data)
    const changed = Buffer.from(data)
    changed[SIZE - 1] = 8
    await writeFile(altered, changed)
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it.each([
    ['ec', 'sha256'],
    ['rsa', 'sha256'],
    ['ed25519', null],
  ] as const)(
    'verifies a %s signature over a %s-chunk file, and refuses the file with its last byte changed',
    async (type, hash) => {
      const pair = keys(type)
      const message: MessageSignature = {
        signature: sign(hash, data, pair.privateKey),
        messageDigest: {
          algorithm: HashAlgorithm.SHA2_256,
          digest: createHash('sha256').update(data).digest(),
        },
      }
      const oneShot = hash === null
      const options = {
        algorithms: ['sha256'],
        keepBytes: oneShot,
        ...(oneShot ? {} : { verifyAlgorithm: 'sha256' }),
      }
      const good = await readArtifact(original, options)
      const bad = await readArtifact(altered, options)
      expect(good.digests.sha256).toBe(createHash('sha256').update(data).digest('hex'))
      expect(good.bytes === undefined).toBe(!oneShot)
      const content = streamedMessageContent(message, good)
      expect(content.verifySignature(pair.publicKey)).toBe(true)
      // The Verifier may ask twice; a Verify object can be finished once, so the answer is remembered.
      expect(content.verifySignature(pair.publicKey)).toBe(true)
      expect(streamedMessageContent(message, bad).verifySignature(pair.publicKey)).toBe(false)
      expect(
        streamedMessageContent(message, await readArtifact(original, options)).verifySignature(
          keys(type).publicKey,
        ),
      ).toBe(false)
    },
  )

  it('compares digests against the bundle claim, not the file', async () => {
    const claimed = createHash('sha256').update('something else').digest()
    const content = streamedMessageContent(
      {
        signature: Buffer.from('sig'),
        messageDigest: { algorithm: HashAlgorithm.SHA2_256, digest: claimed },
      },
      await readArtifact(original, { algorithms: ['sha256'] }),
    )
    expect(content.compareDigest(claimed)).toBe(true)
    expect(content.compareDigest(createHash('sha256').update(data).digest())).toBe(false)
    expect(content.compareSignature(Buffer.from('sig'))).toBe(true)
  })
})
