import type { RekorLogEntry } from './rekor-search.ts'

export interface PairMaterial {
  /** Hex SHA-256 of the signed file. */
  digest: string
  /** base64 of the DER signature (the `.sig`). */
  signature: string
  /** base64 of the leaf certificate's DER (the `.pem`). */
  certificateDer: string
}

const hexToBase64 = (hex: string): string => Buffer.from(hex, 'hex').toString('base64')

/**
 * The Sigstore bundle that `cosign sign-blob --bundle` would have written for this signing,
 * built from the pair and the entry Rekor holds for it, so the one verifier used for bundles checks
 * the pair too: the signed entry timestamp and inclusion proof against the trusted root's logs, the
 * entry's body against the signature and certificate, and the chain at the logged time. Rekor's API
 * writes ids and hashes in hex, a bundle in base64. Undefined when the entry is not a hashedrekord.
 */
export function bundleFromLogEntry(pair: PairMaterial, entry: RekorLogEntry): object | undefined {
  let kind: unknown
  let version: unknown
  try {
    const body = JSON.parse(Buffer.from(entry.body, 'base64').toString('utf8')) as Record<string, unknown>
    kind = body.kind
    version = body.apiVersion
  } catch {
    return undefined
  }
  if (kind !== 'hashedrekord' || typeof version !== 'string') return undefined
  const proof = entry.verification?.inclusionProof
  const set = entry.verification?.signedEntryTimestamp
  return {
    // v0.1 rests on the signed entry timestamp; without one, v0.2 demands the inclusion proof.
    mediaType: `application/vnd.dev.sigstore.bundle+json;version=${set ? '0.1' : '0.2'}`,
    verificationMaterial: {
      x509CertificateChain: { certificates: [{ rawBytes: pair.certificateDer }] },
      tlogEntries: [
        {
          logIndex: String(entry.logIndex),
          logId: { keyId: hexToBase64(entry.logID) },
          kindVersion: { kind, version },
          integratedTime: String(entry.integratedTime),
          ...(set ? { inclusionPromise: { signedEntryTimestamp: set } } : {}),
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
  }
}
