import { createHash } from 'node:crypto'
import { pemCertificateDer } from './cosign-pair.ts'
import type { RekorLogEntry } from './rekor-search.ts'

export interface PairMaterial {
  /** Hex SHA-256 of the signed file. */
  digest: string
  /** base64 of the DER signature (the `.sig`). */
  signature: string
  /** The leaf certificate's DER (the `.pem`). */
  certificateDer: Buffer
}

export type EntryBundle =
  /** The entry is not of this signing: another kind, or another certificate. */
  | { of: 'other' }
  | { of: 'pair'; leafHash: string; problem: string }
  | { of: 'pair'; leafHash: string; bundle: object }

const hexToBase64 = (hex: string): string => Buffer.from(hex, 'hex').toString('base64')

/**
 * The Sigstore bundle that `cosign sign-blob --bundle` would have written for this signing, built
 * from the pair and the entry Rekor holds for it, so the one verifier used for bundles checks the
 * pair too: the signed entry timestamp (and inclusion proof) against the trusted root's logs, the
 * entry's signature and digest against the pair's, and the chain at the logged time. The entry's
 * certificate is compared here, as cosign does, because @sigstore/verify compares only signature
 * and digest of a hashedrekord body. Rekor's API writes ids and hashes in hex, a bundle in base64.
 * `leafHash` is the entry's Merkle leaf hash (its uuid), computed rather than taken from Rekor.
 */
export function bundleFromLogEntry(pair: PairMaterial, entry: RekorLogEntry): EntryBundle {
  const body = readBody(entry.body)
  if (body === undefined || body.kind !== 'hashedrekord' || !body.certificateDer?.equals(pair.certificateDer))
    return { of: 'other' }
  const leafHash = createHash('sha256')
    .update(Buffer.concat([Buffer.from([0]), Buffer.from(entry.body, 'base64')]))
    .digest('hex')
  const set = entry.verification?.signedEntryTimestamp
  // The signed entry timestamp is what proves the logged time the certificate is checked at.
  if (!set)
    return { of: 'pair', leafHash, problem: 'Rekor returned the entry without its signed entry timestamp' }
  const proof = entry.verification?.inclusionProof
  return {
    of: 'pair',
    leafHash,
    bundle: {
      mediaType: 'application/vnd.dev.sigstore.bundle+json;version=0.1',
      verificationMaterial: {
        x509CertificateChain: { certificates: [{ rawBytes: pair.certificateDer.toString('base64') }] },
        tlogEntries: [
          {
            logIndex: String(entry.logIndex),
            logId: { keyId: hexToBase64(entry.logID) },
            kindVersion: { kind: body.kind, version: body.version },
            integratedTime: String(entry.integratedTime),
            inclusionPromise: { signedEntryTimestamp: set },
            ...(proof
              ? {
                  inclusionProof: {
                    logIndex: String(proof.logIndex),
                    rootHash: hexToBase64(proof.rootHash),
                    treeSize: String(proof.treeSize),
                    hashes: proof.hashes.map(hexToBase64),
                    checkpoint: { envelope: proof.checkpoint },
                  },
                }
              : {}),
            canonicalizedBody: entry.body,
          },
        ],
      },
      messageSignature: {
        messageDigest: { algorithm: 'SHA2_256', digest: hexToBase64(pair.digest) },
        signature: pair.signature,
      },
    },
  }
}

/** Kind, version and certificate (DER) of a hashedrekord body: `publicKey.content` is base64 of a PEM. */
function readBody(
  base64: string,
): { kind: unknown; version: string; certificateDer: Buffer | undefined } | undefined {
  try {
    const body = JSON.parse(Buffer.from(base64, 'base64').toString('utf8'))
    if (typeof body?.apiVersion !== 'string') return undefined
    const content: unknown = body.spec?.signature?.publicKey?.content
    const pem = typeof content === 'string' ? Buffer.from(content, 'base64').toString('utf8') : ''
    return {
      kind: body.kind,
      version: body.apiVersion,
      certificateDer: pemCertificateDer(pem),
    }
  } catch {
    return undefined
  }
}
