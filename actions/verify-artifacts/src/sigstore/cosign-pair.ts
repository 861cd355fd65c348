import { createHash, createPublicKey, createVerify } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { describeError } from '@postflight/core'
import { X509Certificate } from '@sigstore/core'
// @sigstore/verify's own chain builder and SCT check (the ones its Verifier runs for bundles). Its
// index does not export them, and its Verifier cannot be used here: it checks the chain only at
// the times a transparency log or timestamp authority proves, and a .sig/.pem pair carries none.
import { verifyCertificateChain } from '@sigstore/verify/dist/key/certificate.js'
import { verifySCTs } from '@sigstore/verify/dist/key/sct.js'
import { checkIdentityPolicy } from './identity-policy.ts'
import { describeCertificateSigner } from './signer.ts'
import type { SigstoreFailureCode, SigstorePolicy, SigstoreSigner, SigstoreTrustedRoot } from './types.ts'

export interface VerifyCosignPairOptions {
  artifactPath: string
  /** The `.sig` file: base64 of the DER ECDSA signature, as `cosign sign-blob --output-signature` writes it. */
  signature: Uint8Array
  /** The `.pem` file: the PEM certificate, or base64 of it (what `--output-certificate` writes). */
  certificate: Uint8Array
  trustedRoot: SigstoreTrustedRoot
  policy: SigstorePolicy
  signal?: AbortSignal
}

export type CosignPairVerdict =
  | {
      ok: true
      signer: SigstoreSigner
      /** The time the chain was checked at: the certificate's start (the signing time is not proven). */
      checkedAt: Date
      /** Log ids of the verified SCTs (none when the trusted root lists no CT log). */
      scts: string[]
      /** Hex SHA-256 of the file, taken in the same read (what a Rekor search needs). */
      digest: string
    }
  | {
      ok: false
      code: SigstoreFailureCode
      reason: string
      signer?: SigstoreSigner
      /** Set when the signature verified over the file and a later step failed (the identity policy). */
      digest?: string
    }

const PEM = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/

/**
 * Verifies a keyless `cosign sign-blob` pair offline: the signature over the file with the
 * certificate's key (streamed, SHA-256), the certificate chain up to a Fulcio CA of the trusted
 * root, its SCTs against the root's CT logs (when it lists any, as cosign requires), and the
 * identity policy. The chain is checked at the certificate's start: without a transparency-log
 * entry nothing proves when the signature was made, which the caller must report.
 */
export async function verifyCosignPair(options: VerifyCosignPairOptions): Promise<CosignPairVerdict> {
  let leaf: X509Certificate
  let signature: Buffer
  try {
    const pair = readCosignPair(options.signature, options.certificate)
    leaf = X509Certificate.parse(pair.certificatePem)
    signature = pair.signature
  } catch (err) {
    return { ok: false, code: 'MALFORMED', reason: describeError(err) }
  }
  const signer = describeCertificateSigner(leaf)
  const key = createPublicKey({ key: leaf.publicKey, format: 'der', type: 'spki' })
  const verifier = createVerify('sha256')
  const hash = createHash('sha256')
  const stream = createReadStream(options.artifactPath, {
    highWaterMark: 1 << 20,
    ...(options.signal ? { signal: options.signal } : {}),
  })
  for await (const chunk of stream) {
    verifier.update(chunk as Buffer)
    hash.update(chunk as Buffer)
  }
  const digest = hash.digest('hex')
  if (!verifier.verify(key, signature)) {
    return {
      ok: false,
      code: 'SIGNATURE',
      reason:
        "the signature does not verify with the certificate's key over the file: the file (or the signature) changed after signing",
      signer,
    }
  }
  const checkedAt = leaf.notBefore
  let path: X509Certificate[]
  try {
    path = verifyCertificateChain(checkedAt, leaf, options.trustedRoot.material.certificateAuthorities)
  } catch (err) {
    return {
      ok: false,
      code: 'UNTRUSTED_CERTIFICATE',
      reason: `the certificate does not chain to a certificate authority of ${options.trustedRoot.source} valid at ${checkedAt.toISOString()}: ${describeError(err)}`,
      signer,
    }
  }
  let scts: string[] = []
  const ctlogs = options.trustedRoot.material.ctlogs
  if (ctlogs.length > 0) {
    try {
      scts = verifySCTs(path[0] as X509Certificate, path[1] as X509Certificate, ctlogs).map((id) =>
        Buffer.from(id).toString('hex'),
      )
    } catch (err) {
      return {
        ok: false,
        code: 'UNTRUSTED_CERTIFICATE',
        reason: `an SCT does not verify: ${describeError(err)}`,
        signer,
      }
    }
    if (scts.length === 0) {
      return {
        ok: false,
        code: 'UNTRUSTED_CERTIFICATE',
        reason: `the certificate carries no SCT, but ${options.trustedRoot.source} lists CT logs: it was not logged as Fulcio logs every certificate`,
        signer,
      }
    }
  }
  const policy = checkIdentityPolicy(options.policy, signer)
  if (!policy.ok) return { ok: false, code: policy.code, reason: policy.reason, signer, digest }
  return { ok: true, signer, checkedAt, scts, digest }
}

/** The DER of the first PEM certificate in `text`, or undefined when it holds none. */
export function pemCertificateDer(text: string): Buffer | undefined {
  const pem = PEM.exec(text)?.[0]
  return pem === undefined ? undefined : Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64')
}

/** The pair's signature bytes and PEM certificate, as cosign writes them; throws naming what is wrong. */
export function readCosignPair(
  signatureFile: Uint8Array,
  certificateFile: Uint8Array,
): { signature: Buffer; certificatePem: string; certificateDer: Buffer } {
  const text = Buffer.from(certificateFile).toString('utf8').trim()
  const pem = PEM.exec(text)?.[0] ?? PEM.exec(Buffer.from(text, 'base64').toString('utf8'))?.[0]
  if (!pem)
    throw new Error('the certificate file holds no PEM certificate (plain, or base64 as cosign writes it)')
  return {
    signature: parseSignature(signatureFile),
    certificatePem: `${pem}\n`,
    certificateDer: pemCertificateDer(pem) as Buffer,
  }
}

function parseSignature(bytes: Uint8Array): Buffer {
  const text = Buffer.from(bytes).toString('utf8').trim()
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text))
    throw new Error('the signature file is not base64 (as cosign writes it)')
  return Buffer.from(text, 'base64')
}
