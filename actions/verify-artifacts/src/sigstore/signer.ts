import { X509Certificate } from '@sigstore/core'
import type { SigstoreSigner } from './types.ts'

// Fulcio's certificate extensions (https://github.com/sigstore/fulcio/blob/main/docs/oid-info.md).
const FULCIO = '1.3.6.1.4.1.57264.1'
const V2_STRINGS = {
  issuer: `${FULCIO}.8`,
  buildSignerUri: `${FULCIO}.9`,
  sourceRepository: `${FULCIO}.12`,
  sourceDigest: `${FULCIO}.13`,
  sourceRef: `${FULCIO}.14`,
  runInvocationUri: `${FULCIO}.21`,
} as const
const ISSUER_V1 = `${FULCIO}.1`

/**
 * Who a Fulcio certificate names: its SAN, OIDC issuer and, for CI identities, the source repository,
 * ref and workflow. Read from the certificate alone, so it is a claim until the bundle verifies.
 */
export function describeCertificateSigner(certificate: X509Certificate): SigstoreSigner {
  const signer: SigstoreSigner = {}
  const identity = certificate.subjectAltName
  if (identity !== undefined) signer.identity = identity
  for (const [field, oid] of Object.entries(V2_STRINGS) as [keyof typeof V2_STRINGS, string][]) {
    // v2 extensions hold a DER UTF8String; the Buffer under the first sub-object is its text.
    const text = certificate.extension(oid)?.valueObj.subs[0]?.value.toString('utf8')
    if (text) signer[field] = text
  }
  // v1 (raw bytes) is what certificates before 2023 carry; v2 wins when both are present.
  signer.issuer ??= certificate.extension(ISSUER_V1)?.value.toString('utf8')
  if (signer.issuer === undefined) delete signer.issuer
  return signer
}

/** The leaf certificate of a bundle's verification material, or undefined for a managed-key bundle. */
export function leafCertificate(content: {
  $case: string
  certificate?: { rawBytes: Uint8Array }
  x509CertificateChain?: { certificates: { rawBytes: Uint8Array }[] }
}): X509Certificate | undefined {
  const raw =
    content.$case === 'certificate'
      ? content.certificate?.rawBytes
      : content.$case === 'x509CertificateChain'
        ? content.x509CertificateChain?.certificates[0]?.rawBytes
        : undefined
  return raw === undefined ? undefined : X509Certificate.parse(Buffer.from(raw))
}
