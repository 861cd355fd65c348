import { hashFile } from '@postflight/core'
import { readCosignPair } from './cosign-pair.ts'
import { bundleFromLogEntry } from './rekor-bundle.ts'
import { searchRekor } from './rekor-search.ts'
import type { SigstorePolicy, SigstoreTrustedRoot, SigstoreVerdict } from './types.ts'
import { verifySigstoreBundle } from './verify-bundle.ts'

export interface LoggedPairOptions {
  rekorUrl: string
  artifactPath: string
  /** Hex SHA-256 of the file when the caller already has it (a download hashes as it writes). */
  digest?: string
  signature: Uint8Array
  certificate: Uint8Array
  trustedRoot: SigstoreTrustedRoot
  policy: SigstorePolicy
  signal?: AbortSignal
}

export type LoggedPairVerdict =
  | { logged: true; uuid: string; verdict: SigstoreVerdict }
  /** Rekor holds no entry of this signing, or the pair is unreadable (the offline check says why). */
  | { logged: false }

/**
 * What cosign verify-blob does with a `.sig` + `.pem` pair: find the signing's entry in Rekor and
 * verify signature, chain and identity at the time the log proves. Each entry Rekor returns is made
 * into the bundle cosign would have written and verified like any bundle; the first that verifies
 * wins, else the first failure is the verdict. A Rekor that cannot be reached throws (the check is
 * then an error, not a pass).
 */
export async function verifyLoggedPair(options: LoggedPairOptions): Promise<LoggedPairVerdict> {
  let pair: ReturnType<typeof readCosignPair>
  try {
    pair = readCosignPair(options.signature, options.certificate)
  } catch {
    return { logged: false }
  }
  const digest =
    options.digest ??
    (await hashFile(options.artifactPath, ['sha256'], options.signal ? { signal: options.signal } : {}))
      .digests.sha256
  const signature = pair.signature.toString('base64')
  const entries = await searchRekor({
    rekorUrl: options.rekorUrl,
    digest,
    signature,
    certificatePem: pair.certificatePem,
    ...(options.signal ? { signal: options.signal } : {}),
  })
  let first: { uuid: string; verdict: SigstoreVerdict } | undefined
  for (const { uuid, entry } of entries) {
    const bundle = bundleFromLogEntry(
      { digest, signature, certificateDer: pair.certificateDer.toString('base64') },
      entry,
    )
    if (bundle === undefined) continue
    const verdict = await verifySigstoreBundle({
      bundle,
      artifactPath: options.artifactPath,
      trustedRoot: options.trustedRoot,
      policy: options.policy,
      offline: true,
      ...(options.signal ? { signal: options.signal } : {}),
    })
    if (verdict.valid) return { logged: true, uuid, verdict }
    first ??= { uuid, verdict }
  }
  return first ? { logged: true, ...first } : { logged: false }
}
