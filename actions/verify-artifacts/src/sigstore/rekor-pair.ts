import { readCosignPair } from './cosign-pair.ts'
import { bundleFromLogEntry } from './rekor-bundle.ts'
import { searchRekor } from './rekor-search.ts'
import type { SigstorePolicy, SigstoreTrustedRoot, SigstoreVerdict } from './types.ts'
import { verifySigstoreBundle } from './verify-bundle.ts'

export interface LoggedPairOptions {
  rekorUrl: string
  artifactPath: string
  /** Hex SHA-256 of the file, whose signature was verified already (an unverified one Rekor refuses with 400). */
  digest: string
  signature: Uint8Array
  certificate: Uint8Array
  trustedRoot: SigstoreTrustedRoot
  policy: SigstorePolicy
  signal?: AbortSignal
}

export type LoggedPairVerdict =
  /** `uuid`: the entry's Merkle leaf hash, computed from its body. */
  | { logged: true; uuid: string; verdict: SigstoreVerdict }
  /** Rekor holds no entry of this signing. */
  | { logged: false }

/**
 * What cosign verify-blob does with a `.sig` + `.pem` pair: find the signing's entry in Rekor and
 * verify signature, chain and identity at the time the log proves. Each entry Rekor returns for
 * this certificate is made into the bundle cosign would have written and verified like any bundle;
 * the first that verifies wins, else the first failure is the verdict. A Rekor that cannot be
 * reached throws (the check is then an error, not a pass).
 */
export async function verifyLoggedPair(options: LoggedPairOptions): Promise<LoggedPairVerdict> {
  const pair = readCosignPair(options.signature, options.certificate)
  const signature = pair.signature.toString('base64')
  const entries = await searchRekor({
    rekorUrl: options.rekorUrl,
    digest: options.digest,
    signature,
    certificatePem: pair.certificatePem,
    ...(options.signal ? { signal: options.signal } : {}),
  })
  let first: { uuid: string; verdict: SigstoreVerdict } | undefined
  for (const { entry } of entries) {
    const made = bundleFromLogEntry(
      { digest: options.digest, signature, certificateDer: pair.certificateDer },
      entry,
    )
    if (made.of === 'other') continue
    const verdict: SigstoreVerdict =
      'problem' in made
        ? { valid: false, code: 'TRANSPARENCY_LOG', reason: made.problem, logIndex: String(entry.logIndex) }
        : await verifySigstoreBundle({
            bundle: made.bundle,
            artifactPath: options.artifactPath,
            trustedRoot: options.trustedRoot,
            policy: options.policy,
            offline: true,
            ...(options.signal ? { signal: options.signal } : {}),
          })
    if (verdict.valid) return { logged: true, uuid: made.leafHash, verdict }
    first ??= { uuid: made.leafHash, verdict }
  }
  return first ? { logged: true, ...first } : { logged: false }
}
