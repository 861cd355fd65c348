import type { PublicKey } from 'openpgp'

/** A trusted OpenPGP public key, ready to verify signatures with. */
export interface LoadedKey {
  /** Primary key fingerprint, upper-case hex. */
  fingerprint: string
  /** Primary key id (last 16 hex digits of a v4 fingerprint), upper-case. */
  keyId: string
  userIds: string[]
  /** Fingerprints of the subkeys, upper-case hex: a signature may be made by one of them. */
  subkeyFingerprints: string[]
  /** Where the key came from: a file path, or `key N (inline)`. Never key material. */
  source: string
  key: PublicKey
}

/** The outcome of checking one detached signature. A failure is data, not an exception. */
export interface SignatureVerdict {
  valid: boolean
  /** Primary fingerprint of the trusted key that made (or was claimed to make) the signature. */
  signerFingerprint?: string
  /** Key id named in the signature packet: the primary key's or a signing subkey's. */
  signerKeyId?: string
  /** When the signature says it was made, ISO 8601. */
  signedAt?: string
  /** Why the signature is not valid. */
  reason?: string
  /** Things worth reporting about a valid signature, such as a key that has since expired. */
  warnings?: string[]
}

export interface VerifyDetachedOptions {
  /** The signed file; it is streamed, never read whole. */
  dataPath: string
  /** The signature file's bytes, armored or binary. */
  signature: Uint8Array
  /** The only keys the signature may come from. */
  keys: readonly LoadedKey[]
  signal?: AbortSignal
}
