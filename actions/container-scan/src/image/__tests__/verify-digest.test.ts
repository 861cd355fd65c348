import { createHash } from 'node:crypto'
import { Readable, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { describe, expect, it } from 'vitest'
import { checkDocumentDigest, verifyingStream } from '../verify-digest.ts'

const data = Buffer.from('layer bytes '.repeat(10_000))
const digest = `sha256:${createHash('sha256').update(data).digest('hex')}`
const sink = () => new Writable({ write: (_c, _e, cb) => cb() })
const chunks = () => Readable.from([data.subarray(0, 7), data.subarray(7, 50_000), data.subarray(50_000)])

describe('verifyingStream', () => {
  it('passes bytes that match their digest and size, in any chunking', async () => {
    await expect(
      pipeline(chunks(), verifyingStream(digest, data.length, 'layer'), sink()),
    ).resolves.toBeUndefined()
  })

  it('fails at the end when one byte differs, naming both digests', async () => {
    const tampered = Buffer.from(data)
    tampered[100] = 0x41
    await expect(
      pipeline(Readable.from([tampered]), verifyingStream(digest, data.length, 'layer x'), sink()),
    ).rejects.toThrow(new RegExp(`layer x: content is sha256:[0-9a-f]{64}, expected ${digest}`))
  })

  it('fails when the size is not the one the manifest says', async () => {
    await expect(
      pipeline(chunks(), verifyingStream(digest, data.length + 1, 'layer'), sink()),
    ).rejects.toThrow(/the manifest says/)
  })

  it('refuses a digest it cannot check', () => {
    expect(() => verifyingStream('md5:abc', 1, 'layer')).toThrow(/not a sha256 or sha512 digest/)
  })
})

describe('checkDocumentDigest', () => {
  it('accepts the right digest and names the wrong one', () => {
    expect(() => checkDocumentDigest(data, digest, 'config')).not.toThrow()
    expect(() => checkDocumentDigest(Buffer.from('x'), digest, 'config')).toThrow(
      /config: content is sha256:/,
    )
  })
})
