import { readFile } from 'node:fs/promises'
import type { SuiteBuilder } from '@postflight/core'
import type { CosignPairFiles } from '../release-folder.ts'
import { verifyCosignPair } from './cosign-pair.ts'
import type { SigstorePolicy, SigstoreTrustedRoot } from './types.ts'

export interface CheckCosignOptions {
  /** Names of the release's files, to tell a pair whose asset is missing. */
  names: ReadonlySet<string>
  trustedRoot: SigstoreTrustedRoot
  policy: SigstorePolicy
  signal?: AbortSignal
}

/**
 * One `cosign:<asset>` check per keyless `.sig` + `.pem` pair. A pair that verifies is still a
 * warning, never a signature for require-signature: it carries no transparency-log entry, so
 * nothing proves it was made while its ten-minute certificate was valid. cosign verify-blob
 * answers that by looking the entry up in Rekor, which an offline check cannot; a Sigstore bundle
 * (`cosign sign-blob --bundle`) carries the proof and passes.
 */
export async function checkCosignPairs(
  suite: SuiteBuilder,
  pairs: readonly CosignPairFiles[],
  options: CheckCosignOptions,
): Promise<void> {
  for (const pair of pairs) {
    const id = suite.uniqueId(`cosign:${pair.target}`)
    const title = `${pair.target} has a valid cosign signature (${pair.signature.name}, ${pair.certificate.name})`
    if (!options.names.has(pair.target)) {
      suite.add({
        id,
        title,
        status: 'fail',
        message: `${pair.signature.name} signs ${pair.target}, which is not in the release`,
      })
      continue
    }
    await suite.run(id, title, async () => {
      const verdict = await verifyCosignPair({
        artifactPath: pair.signature.path.slice(0, -'.sig'.length),
        signature: await readFile(pair.signature.path),
        certificate: await readFile(pair.certificate.path),
        trustedRoot: options.trustedRoot,
        policy: options.policy,
        ...(options.signal ? { signal: options.signal } : {}),
      })
      const evidence: Record<string, unknown> = {
        signature: pair.signature.name,
        certificate: pair.certificate.name,
        trustedRoot: options.trustedRoot.source,
        ...(verdict.signer ? { signer: verdict.signer } : {}),
      }
      if (!verdict.ok) {
        return { status: verdict.code === 'NO_POLICY' ? 'warn' : 'fail', message: verdict.reason, evidence }
      }
      return {
        status: 'warn',
        message: `signature, certificate chain (at ${verdict.checkedAt.toISOString()}), ${verdict.scts.length} SCT(s) and signer ${verdict.signer.identity} (issuer ${verdict.signer.issuer}) verify, but a .sig/.pem pair has no transparency-log entry proving when it was signed (cosign verify-blob looks it up in Rekor): publish a Sigstore bundle (cosign sign-blob --bundle) to make it a signature`,
        evidence: {
          ...evidence,
          checkedAt: verdict.checkedAt.toISOString(),
          scts: verdict.scts,
          transparencyLog: false,
        },
      }
    })
  }
}
