import { stat } from 'node:fs/promises'
import { PostflightError } from '@postflight/core'
import { readSignature, type Signature, type SignaturePacket } from 'openpgp'
import { describeVerifyFailure } from './failure-reason.ts'
import { sniffSignature } from './sniff-signature.ts'
import { throwIfAborted, verifyStreaming } from './stream-verify.ts'
import type { LoadedKey, SignatureVerdict, VerifyDetachedOptions } from './types.ts'

/**
 * Verifies a detached OpenPGP signature (armored or binary) over a file, streaming the file, against
 * the given keys only. A bad, foreign, malformed or untrusted signature is a verdict with a reason;
 * only failing to read the data file (or being aborted) throws.
 */
export async function verifyDetachedSignature(options: VerifyDetachedOptions): Promise<SignatureVerdict> {
  const { dataPath, keys, signal } = options
  throwIfAborted(signal)
  await ensureReadable(dataPath)

  const shape = sniffSignature(options.signature)
  if (shape.kind === 'other')
    return { valid: false, reason: `Not an OpenPGP signature: ${shape.description}.` }

  let signature: Signature
  try {
    signature =
      shape.kind === 'armored'
        ? await readSignature({ armoredSignature: shape.text })
        : await readSignature({ binarySignature: shape.bytes })
  } catch (err) {
    return {
      valid: false,
      reason: `Malformed OpenPGP signature (truncated or corrupted?): ${err instanceof Error ? err.message : String(err)}.`,
    }
  }
  const packets = [...signature.packets]
  const first = packets[0]
  if (first === undefined)
    return { valid: false, reason: 'Malformed OpenPGP signature: it holds no signature packet.' }

  const signers = packets.map((packet) => ({ packet, key: trustedKeyFor(packet, keys) }))
  const trusted = signers.filter(
    (signer): signer is { packet: SignaturePacket; key: LoadedKey } => signer.key !== undefined,
  )
  const lead = trusted[0]
  if (lead === undefined) return untrustedVerdict(first, keys)

  const outcomes = await verifyStreaming(
    dataPath,
    signature,
    trusted.map((signer) => signer.key),
    lead.packet.issuerKeyID,
    signal,
  )
  // openpgp also reports on packets by keys it was not given; only the trusted signers count.
  const judged = outcomes.flatMap((outcome) => {
    const signer = trusted.find((candidate) => candidate.packet.issuerKeyID.equals(outcome.keyId))
    return signer ? [{ ...outcome, signer }] : []
  })
  // One trusted signer failing outweighs another passing: the signature file as a whole is suspect.
  const chosen = judged.find((outcome) => outcome.error !== undefined) ?? judged[0]
  if (chosen === undefined) {
    return { ...describeSigner(first, undefined), reason: 'No signature in the file could be checked.' }
  }
  const base = describeSigner(chosen.signer.packet, chosen.signer.key)
  if (chosen.error !== undefined) {
    return {
      ...base,
      reason: describeVerifyFailure(chosen.error, base.signerFingerprint ?? base.signerKeyId),
    }
  }
  const warnings = await keyWarnings(chosen.signer.key, chosen.signer.packet)
  return { ...base, valid: true, ...(warnings.length > 0 ? { warnings } : {}) }
}

function trustedKeyFor(packet: SignaturePacket, keys: readonly LoadedKey[]): LoadedKey | undefined {
  return keys.find((candidate) => candidate.key.getKeys(packet.issuerKeyID).length > 0)
}

function describeSigner(packet: SignaturePacket, key: LoadedKey | undefined): SignatureVerdict {
  const verdict: SignatureVerdict = { valid: false, signerKeyId: packet.issuerKeyID.toHex().toUpperCase() }
  const fingerprint = key?.fingerprint ?? issuerFingerprint(packet)
  if (fingerprint !== undefined) verdict.signerFingerprint = fingerprint
  if (packet.created) verdict.signedAt = packet.created.toISOString()
  return verdict
}

function untrustedVerdict(packet: SignaturePacket, keys: readonly LoadedKey[]): SignatureVerdict {
  const base = describeSigner(packet, undefined)
  const signer = base.signerFingerprint ?? base.signerKeyId
  const trusted =
    keys.length === 0
      ? 'no public keys were given to check it against'
      : `the trusted keys are ${keys.map((key) => key.fingerprint).join(', ')}`
  return { ...base, reason: `Signed by unknown key ${signer}, which is not a trusted key: ${trusted}.` }
}

function issuerFingerprint(packet: SignaturePacket): string | undefined {
  const bytes = packet.issuerFingerprint
  return bytes && bytes.length > 0 ? Buffer.from(bytes).toString('hex').toUpperCase() : undefined
}

async function keyWarnings(key: LoadedKey, packet: SignaturePacket): Promise<string[]> {
  const expires = await key.key.getExpirationTime().catch(() => null)
  if (!(expires instanceof Date) || expires.getTime() > Date.now()) return []
  const signed = packet.created ? ` on ${packet.created.toISOString()}` : ''
  return [
    `Key ${key.fingerprint} expired on ${expires.toISOString()}; the signature was made${signed}, while it was valid.`,
  ]
}

async function ensureReadable(dataPath: string): Promise<void> {
  try {
    const info = await stat(dataPath)
    if (!info.isFile()) throw new Error('not a regular file')
  } catch (err) {
    throw new PostflightError('IO', `Cannot read ${dataPath} to verify its signature.`, {
      cause: err,
      field: dataPath,
    })
  }
}
