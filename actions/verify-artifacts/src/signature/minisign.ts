// minisign signatures, read and verified by hand with node:crypto (Ed25519 and BLAKE2b-512 are
// built in). Why not a package: the format is four lines and two fixed-size binary layouts
// (https://jedisct1.github.io/minisign/), and the npm packages for it are either unmaintained or
// pull in a WebAssembly libsodium for what node:crypto already does. Tests run the real minisign.

import { createHash, createPublicKey, type KeyObject, verify } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { PostflightError } from '@postflight/core'

/** A trusted minisign public key. */
export interface MinisignKey {
  /** As minisign prints it: the 8 key id bytes read as a little-endian number, in upper-case hex. */
  keyId: string
  /** Where it came from (a path, or `minisign-public-key N`), for messages. */
  source: string
  key: KeyObject
}

/** A parsed `.minisig` file. */
export interface MinisignSignature {
  /** `Ed`: Ed25519 over the file itself (legacy); `ED`: over the file's BLAKE2b-512 (the default since 0.9). */
  algorithm: 'Ed' | 'ED'
  keyId: string
  signature: Buffer
  /** The text after `trusted comment: `, covered by the global signature. */
  trustedComment: string
  globalSignature: Buffer
}

export interface MinisignVerdict {
  valid: boolean
  reason?: string
  keyId: string
  prehashed: boolean
  trustedComment: string
  /** The source of the key that verified it. */
  signer?: string
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/
const PUBLIC_KEY_BYTES = 2 + 8 + 32
const SIGNATURE_BYTES = 2 + 8 + 64
const GLOBAL_SIGNATURE_BYTES = 64
const UNTRUSTED = 'untrusted comment:'
/** Past this, a legacy signature is refused rather than its file read into memory whole. */
export const LEGACY_MAX_BYTES = 512 * 1024 * 1024
const TRUSTED = 'trusted comment: '

const keyIdOf = (bytes: Uint8Array): string => Buffer.from(bytes).reverse().toString('hex').toUpperCase()

/**
 * Reads a public key: the base64 line (`RW…`, what `minisign -P` takes), or a minisign.pub file's
 * text with its `untrusted comment:` line. Throws BAD_INPUT naming `label`.
 */
export function parseMinisignPublicKey(text: string, label: string): MinisignKey {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith(UNTRUSTED))
  const line = lines[0] ?? ''
  const bytes = BASE64.test(line) && lines.length === 1 ? Buffer.from(line, 'base64') : undefined
  if (!bytes || bytes.length !== PUBLIC_KEY_BYTES || bytes.subarray(0, 2).toString('latin1') !== 'Ed') {
    throw new PostflightError(
      'BAD_INPUT',
      `${label} is not a minisign public key: expected the base64 line of minisign.pub (RW…, ${PUBLIC_KEY_BYTES} bytes once decoded, starting with "Ed")`,
      { field: 'minisign-public-key' },
    )
  }
  const key = createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: bytes.subarray(10).toString('base64url') },
    format: 'jwk',
  })
  return { keyId: keyIdOf(bytes.subarray(2, 10)), source: label, key }
}

/**
 * Loads the `minisign-public-key` input: each item a base64 key, or the path of a minisign.pub.
 * Lines of a pasted minisign.pub arrive as separate items: the comment line is dropped.
 */
export async function loadMinisignKeys(sources: readonly string[]): Promise<MinisignKey[]> {
  const keys: MinisignKey[] = []
  for (const [i, raw] of sources.entries()) {
    const source = raw.trim()
    if (source.startsWith(UNTRUSTED) || source === '') continue
    if (BASE64.test(source) && source.startsWith('RW')) {
      keys.push(parseMinisignPublicKey(source, `minisign-public-key ${i + 1}`))
      continue
    }
    let text: string
    try {
      text = await readFile(source, 'utf8')
    } catch (err) {
      throw new PostflightError(
        'BAD_INPUT',
        `minisign-public-key ${i + 1} is neither a minisign public key (RW…) nor a readable file: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
        { cause: err, field: 'minisign-public-key' },
      )
    }
    keys.push(parseMinisignPublicKey(text, source))
  }
  return keys
}

/** Parses a `.minisig`; a malformed one throws an Error saying what is wrong (a failed check, not bad input). */
export function parseMinisignSignature(text: string): MinisignSignature {
  const lines = text.split(/\r?\n/)
  const [untrusted, sigLine, , globalLine] = lines.map((l) => l.trim())
  if (!untrusted?.startsWith(UNTRUSTED)) throw new Error(`line 1 is not "${UNTRUSTED} …"`)
  const sig = sigLine && BASE64.test(sigLine) ? Buffer.from(sigLine, 'base64') : undefined
  if (!sig || sig.length !== SIGNATURE_BYTES) {
    throw new Error(`line 2 is not a base64 signature of ${SIGNATURE_BYTES} bytes`)
  }
  const algorithm = sig.subarray(0, 2).toString('latin1')
  if (algorithm !== 'Ed' && algorithm !== 'ED') {
    throw new Error(`unknown signature algorithm ${JSON.stringify(algorithm)} (expected Ed or ED)`)
  }
  // The trusted comment is everything after the prefix on its own line, spaces included.
  const trustedRaw = lines[2]?.replace(/\r$/, '') ?? ''
  if (!trustedRaw.startsWith(TRUSTED)) {
    throw new Error(`line 3 is not "${TRUSTED}…"`)
  }
  const global = globalLine && BASE64.test(globalLine) ? Buffer.from(globalLine, 'base64') : undefined
  if (!global || global.length !== GLOBAL_SIGNATURE_BYTES) {
    throw new Error(`line 4 is not a base64 global signature of ${GLOBAL_SIGNATURE_BYTES} bytes`)
  }
  return {
    algorithm,
    keyId: keyIdOf(sig.subarray(2, 10)),
    signature: Buffer.from(sig.subarray(10)),
    trustedComment: trustedRaw.slice(TRUSTED.length),
    globalSignature: global,
  }
}

/**
 * Verifies `file` against a parsed signature and the trusted keys: the key id must be one of
 * theirs, the signature must cover the file (its BLAKE2b-512 for `ED`, the bytes for legacy `Ed`),
 * and the global signature must cover signature + trusted comment, so an edited comment fails too.
 */
export async function verifyMinisign(
  file: string,
  sig: MinisignSignature,
  keys: readonly MinisignKey[],
  signal?: AbortSignal,
  maxLegacyBytes = LEGACY_MAX_BYTES,
): Promise<MinisignVerdict> {
  const base = {
    keyId: sig.keyId,
    prehashed: sig.algorithm === 'ED',
    trustedComment: sig.trustedComment,
  }
  const key = keys.find((k) => k.keyId === sig.keyId)
  if (!key) {
    return {
      ...base,
      valid: false,
      reason: `signed with minisign key ${sig.keyId}, which is not a given key (${keys.map((k) => k.keyId).join(', ')})`,
    }
  }
  // Legacy signatures cover the whole file, which Ed25519 needs in memory; prehashed ones stream.
  if (sig.algorithm === 'Ed' && (await stat(file)).size > maxLegacyBytes) {
    return {
      ...base,
      valid: false,
      reason: `a legacy (Ed) signature covers the whole file, which would have to be read into memory: ${file} is larger than ${maxLegacyBytes} bytes. Sign it prehashed (minisign's default since 0.9, not -l)`,
    }
  }
  const message = sig.algorithm === 'ED' ? await blake2b512(file, signal) : await readFile(file, { signal })
  if (!verify(null, message, key.key, sig.signature)) {
    return {
      ...base,
      valid: false,
      reason: `the signature does not match the file's contents (key ${sig.keyId}, ${base.prehashed ? 'prehashed' : 'legacy'}): the file was changed after signing`,
    }
  }
  const signed = Buffer.concat([sig.signature, Buffer.from(sig.trustedComment, 'utf8')])
  if (!verify(null, signed, key.key, sig.globalSignature)) {
    return {
      ...base,
      valid: false,
      reason:
        'the trusted comment does not verify (the global signature fails): it was altered after signing',
    }
  }
  return { ...base, valid: true, signer: key.source }
}

async function blake2b512(file: string, signal?: AbortSignal): Promise<Buffer> {
  const hash = createHash('blake2b512')
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20, ...(signal ? { signal } : {}) }))
    hash.update(chunk as Buffer)
  return hash.digest()
}
