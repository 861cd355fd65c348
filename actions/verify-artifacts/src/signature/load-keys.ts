import { readFile as fsReadFile } from 'node:fs/promises'
import { PostflightError } from '@postflight/core'
import { type Key, readKeys } from 'openpgp'
import type { LoadedKey } from './types.ts'

/** Reads a key file; injectable so callers can read from somewhere other than the local disk. */
export type ReadKeyFile = (path: string) => Promise<Uint8Array>

const PUBLIC_BLOCK = /-----BEGIN PGP PUBLIC KEY BLOCK-----[\s\S]*?-----END PGP PUBLIC KEY BLOCK-----/g
const PRIVATE_HEADER = '-----BEGIN PGP PRIVATE KEY BLOCK-----'
// Long enough for any real path; anything longer (or multi-line) is pasted text, not a path.
const MAX_PATH_LENGTH = 4096
// People often give the fingerprint they were told to trust instead of the key.
const KEY_ID = /^(?:0x)?(?:[0-9A-F]{16}|[0-9A-F]{40}|[0-9A-F]{64})$/i
const NOT_FOUND_CODES = new Set(['ENOENT', 'ENOTDIR', 'EISDIR', 'ENAMETOOLONG'])

/**
 * Loads trusted OpenPGP public keys. Each source is either armored key text or the path of a file
 * holding armored or binary keys (several keys, or a KEYS file with prose between armored blocks,
 * are fine). Throws PostflightError BAD_INPUT for a source that is neither, and for a private key.
 */
export async function loadPublicKeys(
  sources: readonly string[],
  readFile: ReadKeyFile = (path) => fsReadFile(path),
): Promise<LoadedKey[]> {
  const byFingerprint = new Map<string, LoadedKey>()
  for (const [index, source] of sources.entries()) {
    const trimmed = source.trim()
    const keys = trimmed.startsWith('-----BEGIN ')
      ? await keysFromArmor(trimmed, `key ${index + 1} (inline)`, undefined)
      : await keysFromFile(trimmed, source, readFile)
    for (const key of keys) {
      if (!byFingerprint.has(key.fingerprint)) byFingerprint.set(key.fingerprint, key)
    }
  }
  return [...byFingerprint.values()]
}

async function keysFromFile(path: string, source: string, readFile: ReadKeyFile): Promise<LoadedKey[]> {
  if (path === '' || path.includes('\n') || path.length > MAX_PATH_LENGTH) {
    throw new PostflightError(
      'BAD_INPUT',
      `Key source ${describeSource(source)} is neither an armored OpenPGP public key (-----BEGIN PGP PUBLIC KEY BLOCK-----) nor a file path. Give the output of gpg --armor --export, or the path of a file holding it.`,
    )
  }
  let bytes: Uint8Array
  try {
    bytes = await readFile(path)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? ''
    if (NOT_FOUND_CODES.has(code)) {
      throw new PostflightError(
        'BAD_INPUT',
        `Key source ${describeSource(source)} is neither an armored OpenPGP public key nor a readable file (${code}). ${KEY_ID.test(path) ? 'It looks like a key id or fingerprint: Postflight needs the key itself (gpg --armor --export <key-id>).' : 'Give armored key text or the path of a key file.'}`,
        { cause: err, field: path },
      )
    }
    throw new PostflightError('IO', `Could not read the key file ${path}.`, { cause: err, field: path })
  }

  const start = bytes.findIndex((byte) => byte > 0x20)
  if ((bytes[start] ?? 0) & 0x80) {
    return toLoaded(await parse(() => readKeys({ binaryKeys: bytes.subarray(start) }), path), path, path)
  }
  // Armored keys may sit among prose, as in an Apache-style KEYS file.
  const text = new TextDecoder().decode(bytes)
  if (text.includes('-----BEGIN ')) return keysFromArmor(text, path, path)
  throw new PostflightError(
    'BAD_INPUT',
    `The key file ${path} holds neither an armored (-----BEGIN PGP PUBLIC KEY BLOCK-----) nor a binary OpenPGP public key.`,
    { field: path },
  )
}

async function keysFromArmor(text: string, label: string, field: string | undefined): Promise<LoadedKey[]> {
  if (text.includes(PRIVATE_HEADER)) throw privateKeyError(label, field)
  const blocks = text.match(PUBLIC_BLOCK)
  if (blocks === null) {
    const header = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(text)?.[1]
    throw new PostflightError(
      'BAD_INPUT',
      `${capitalize(label)} holds ${header ? `a ${header} block` : 'no armored block'}, not a PGP PUBLIC KEY BLOCK. Give the output of gpg --armor --export.`,
      field === undefined ? {} : { field },
    )
  }
  const keys: Key[] = []
  for (const block of blocks) keys.push(...(await parse(() => readKeys({ armoredKeys: block }), label)))
  return toLoaded(keys, label, field)
}

async function parse(read: () => Promise<Key[]>, label: string): Promise<Key[]> {
  try {
    return await read()
  } catch (err) {
    // openpgp's messages describe the structure ("Misformed armored text"), never the key bytes.
    const detail = err instanceof Error ? err.message : String(err)
    throw new PostflightError('BAD_INPUT', `Could not read an OpenPGP public key from ${label}: ${detail}`, {
      cause: err,
    })
  }
}

function toLoaded(keys: Key[], source: string, field?: string): LoadedKey[] {
  if (keys.some((key) => key.isPrivate())) throw privateKeyError(source, field)
  return keys.map((key) => ({
    fingerprint: key.getFingerprint().toUpperCase(),
    keyId: key.getKeyID().toHex().toUpperCase(),
    userIds: key.getUserIDs(),
    subkeyFingerprints: key.subkeys.map((subkey) => subkey.getFingerprint().toUpperCase()),
    source,
    key: key.toPublic(),
  }))
}

function privateKeyError(label: string, field: string | undefined): PostflightError {
  return new PostflightError(
    'BAD_INPUT',
    `${capitalize(label)} is an OpenPGP PRIVATE key. Give the public key instead (gpg --armor --export <key-id>), and treat the private key as exposed wherever it was stored.`,
    field === undefined ? {} : { field },
  )
}

// Enough to recognise which input is meant without ever echoing a whole pasted key.
function describeSource(source: string): string {
  const oneLine = source.trim().replace(/\s+/g, ' ')
  if (oneLine.length <= 80 && !source.includes('\n')) return JSON.stringify(oneLine)
  return `${JSON.stringify(`${oneLine.slice(0, 24)}…`)} (${source.length} characters)`
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
