import { readFile } from 'node:fs/promises'
import type { SuiteBuilder } from '@postflight/core'
import type { CosignPairFiles } from '../release-folder.ts'
import { type CosignPairVerdict, verifyCosignPair } from './cosign-pair.ts'
import { verifyLoggedPair } from './rekor-pair.ts'
import type { SigstorePolicy, SigstoreTrustedRoot, SigstoreVerdict } from './types.ts'

export interface CheckCosignOptions {
  /** Names of the release's files, to tell a pair whose asset is missing. */
  names: ReadonlySet<string>
  trustedRoot: SigstoreTrustedRoot
  policy: SigstorePolicy
  /** With offline: false, the Rekor each pair's signing is looked up in, as cosign verify-blob does. */
  rekorUrl?: string
  signal?: AbortSignal
}

/**
 * One `cosign:<asset>` check per keyless `.sig` + `.pem` pair. With a Rekor to ask (offline: false)
 * the pair is verified as cosign verify-blob does: its signing's log entry proves when it was made,
 * so signature, chain and identity are checked at that time, and a verified pair counts as a
 * signature (its target is returned). Offline, a pair that verifies is only a warning: with no
 * log entry nothing proves it was made while its ten-minute certificate was valid; a Sigstore
 * bundle (`cosign sign-blob --bundle`) carries that proof and passes offline.
 */
export async function checkCosignPairs(
  suite: SuiteBuilder,
  pairs: readonly CosignPairFiles[],
  options: CheckCosignOptions,
): Promise<Set<string>> {
  const signed = new Set<string>()
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
      const result = await checkPair(pair, options)
      if (result.status === 'pass') signed.add(pair.target)
      return result
    })
  }
  return signed
}

async function checkPair(
  pair: CosignPairFiles,
  options: CheckCosignOptions,
): Promise<{ status: 'pass' | 'warn' | 'fail'; message: string; evidence: Record<string, unknown> }> {
  const artifactPath = pair.signature.path.slice(0, -'.sig'.length)
  const signature = await readFile(pair.signature.path)
  const certificate = await readFile(pair.certificate.path)
  const evidence: Record<string, unknown> = {
    signature: pair.signature.name,
    certificate: pair.certificate.name,
    trustedRoot: options.trustedRoot.source,
  }
  const signal = options.signal ? { signal: options.signal } : {}
  const offline = await verifyCosignPair({
    artifactPath,
    signature,
    certificate,
    trustedRoot: options.trustedRoot,
    policy: options.policy,
    ...signal,
  })
  if (offline.signer) evidence.signer = offline.signer
  // A pair that fails on its own (a changed file, another signature, an untrusted chain, another
  // signer) fails here, before any lookup: Rekor would refuse its search with a 400.
  if (!offline.ok && offline.code !== 'NO_POLICY')
    return { status: 'fail', message: offline.reason, evidence }
  if (options.rekorUrl !== undefined && offline.digest !== undefined) {
    const found = await verifyLoggedPair({
      rekorUrl: options.rekorUrl,
      artifactPath,
      digest: offline.digest,
      signature,
      certificate,
      trustedRoot: options.trustedRoot,
      policy: options.policy,
      ...signal,
    })
    if (found.logged) return loggedOutcome(found.uuid, found.verdict, options.rekorUrl, evidence)
  }
  if (options.rekorUrl !== undefined) {
    return {
      status: 'fail',
      message: `${offline.ok ? describeVerified(offline) : 'the signature over the file verifies'}, but ${options.rekorUrl} holds no log entry of this signing, so nothing proves it was made while the certificate was valid (cosign verify-blob fails the same way; publish a Sigstore bundle, or set offline: true to accept such pairs as a warning)`,
      evidence: { ...evidence, ...(offline.ok ? offlineFacts(offline) : {}), transparencyLog: false },
    }
  }
  if (!offline.ok) return { status: 'warn', message: offline.reason, evidence }
  return {
    status: 'warn',
    message: `${describeVerified(offline)}, but a .sig/.pem pair has no transparency-log entry proving when it was signed, and offline: true looks none up (offline: false asks Rekor, as cosign verify-blob does; a Sigstore bundle from cosign sign-blob --bundle carries the proof)`,
    evidence: { ...evidence, ...offlineFacts(offline) },
  }
}

type VerifiedPair = Extract<CosignPairVerdict, { ok: true }>

const describeVerified = (v: VerifiedPair): string =>
  `signature, certificate chain (at ${v.checkedAt.toISOString()}), ${v.scts.length} SCT(s) and signer ${v.signer.identity} (issuer ${v.signer.issuer}) verify`

const offlineFacts = (v: VerifiedPair) => ({
  checkedAt: v.checkedAt.toISOString(),
  scts: v.scts,
  transparencyLog: false,
})

function loggedOutcome(
  uuid: string,
  verdict: SigstoreVerdict,
  rekorUrl: string,
  evidence: Record<string, unknown>,
): { status: 'pass' | 'warn' | 'fail'; message: string; evidence: Record<string, unknown> } {
  const logged = {
    ...evidence,
    ...(verdict.signer ? { signer: verdict.signer } : {}),
    transparencyLog: { rekor: rekorUrl, uuid, logIndex: verdict.logIndex },
    ...(verdict.integratedTime ? { integratedTime: verdict.integratedTime } : {}),
  }
  if (verdict.valid) {
    return {
      status: 'pass',
      message: `signed by ${verdict.signer?.identity} (issuer ${verdict.signer?.issuer}), logged in ${rekorUrl} at index ${verdict.logIndex} on ${verdict.integratedTime}`,
      evidence: logged,
    }
  }
  // No identity asked for: the entry verified, who signed is the open question (the reason names them).
  if (verdict.code === 'NO_POLICY') return { status: 'warn', message: verdict.reason ?? '', evidence: logged }
  return {
    status: 'fail',
    message: `the pair's entry in ${rekorUrl} (log index ${verdict.logIndex}) does not verify: ${verdict.reason}`,
    evidence: logged,
  }
}
