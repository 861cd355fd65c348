import type { KeyObject } from 'node:crypto'
import type { TrustedRoot } from '@sigstore/protobuf-specs'
import type { TrustMaterial } from '@sigstore/verify'

/** A trusted root ready to verify with, and where it came from (for evidence and messages). */
export interface SigstoreTrustedRoot {
  /** The `trusted-root` path, or a description of the embedded public-good root. */
  source: string
  root: TrustedRoot
  /** Built once from `root`; managed-key verification swaps in its own key finder. */
  material: TrustMaterial
}

/** Who may have signed, as cosign names it. */
export interface SigstorePolicy {
  /** Exact certificate subject alternative name (URI or email). */
  certificateIdentity?: string
  /** Unanchored, like cosign: write `^…$` to pin the whole identity. */
  certificateIdentityRegexp?: string | RegExp
  /** Exact OIDC issuer recorded in the certificate. */
  certificateOidcIssuer?: string
  /** PEM public key (or a KeyObject) for bundles signed with a managed key instead of a certificate. */
  publicKey?: string | KeyObject
}

/** Digest algorithms a Sigstore bundle may use for the artifact. */
export type SigstoreDigestAlgorithm = 'sha256' | 'sha384' | 'sha512'

export interface VerifySigstoreOptions {
  /** The bundle file's bytes, or its parsed JSON. */
  bundle: Uint8Array | string | object
  /** The file the bundle covers. Streamed, never read whole (except for an Ed25519 managed key). */
  artifactPath: string
  /**
   * Hex digests of the artifact already computed by the caller. A DSSE bundle is checked against them
   * without reading the file; a message signature always reads the file, because the signature covers
   * the bytes and Node cannot verify ECDSA over a digest.
   */
  artifactDigests?: Partial<Record<SigstoreDigestAlgorithm, string>>
  trustedRoot: SigstoreTrustedRoot
  policy: SigstorePolicy
  /** Verification never uses the network; `true` is the promise, kept explicit at call sites. */
  offline: true
  signal?: AbortSignal
}

/** Why a bundle did not verify, for callers that map reasons to statuses (NO_POLICY is a usage gap). */
export type SigstoreFailureCode =
  | 'MALFORMED'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'DIGEST_MISMATCH'
  | 'SUBJECT_MISMATCH'
  | 'UNTRUSTED_CERTIFICATE'
  | 'TRANSPARENCY_LOG'
  | 'TIMESTAMP'
  | 'SIGNATURE'
  | 'IDENTITY_MISMATCH'
  | 'ISSUER_MISMATCH'
  | 'NO_POLICY'
  | 'KEY'

export interface SigstoreSigner {
  /** Certificate subject alternative name: a workflow URI or an email. */
  identity?: string
  /** OIDC issuer from the Fulcio certificate extension. */
  issuer?: string
  /** GitHub-style provenance from Fulcio extensions, when the certificate carries them. */
  sourceRepository?: string
  sourceRef?: string
  sourceDigest?: string
  buildSignerUri?: string
  runInvocationUri?: string
  /** For a managed-key bundle: the key hint the bundle names. */
  keyHint?: string
}

export interface SigstoreVerdict {
  valid: boolean
  /** The bundle's media type as written, when it could be read. */
  mediaType?: string
  kind?: 'message-signature' | 'dsse'
  /** Who signed. Also set on some failures (as claimed by the bundle, unverified) to help fix a policy. */
  signer?: SigstoreSigner
  logIndex?: string
  /** ISO 8601, from the transparency log entry (absent for Rekor v2, which relies on a TSA). */
  integratedTime?: string
  /** For a DSSE bundle: the in-toto predicate type. */
  predicateType?: string
  reason?: string
  code?: SigstoreFailureCode
}

/** A step that either yields a value or says why the bundle fails. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; code: SigstoreFailureCode; reason: string }
