import { readFile } from 'node:fs/promises'
import type { SuiteBuilder } from '@postflight/core'
import type { CosignPairFiles } from '../release-folder.ts'
import { verifyCosignPair } from './cosign-pair.ts'
import { verifyLoggedPair } from './rekor-pair.ts'
import type { SigstorePolicy, SigstoreTrustedRoot } from './types.ts'

export interface CheckCosignOptions {
  /** Names of the release's files, to tell a pair whose asset is missing. */
  names: ReadonlySet<string>
  trustedRoot: SigstoreTrustedRoot
  policy: SigstorePolicy
  /** With offline: false, the Rekor each pair's signing is looked up in, as cosign verify-blob does. */
  rekorUrl?: string
  /** SHA-256 of files already hashed (by their name), so a lookup does not read them again. */
  digests?: ReadonlyMap<string, Partial<Record<string, string>>>
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
  if (options.rekorUrl !== undefined) {
    const digest = options.digests?.get(pair.target)?.sha256
    const found = await verifyLoggedPair({
      rekorUrl: options.rekorUrl,
      artifactPath,
      signature,
      certificate,
      trustedRoot: options.trustedRoot,
      policy: options.policy,
      ...(digest ? { digest } : {}),
      ...signal,
    })
    if (found.logged) {
      const { verdict } = found
      const logged = {
        ...evidence,
        ...(verdict.signer ? { signer: verdict.signer } : {}),
        transparencyLog: { rekor: options.rekorUrl, uuid: found.uuid, logIndex: verdict.logIndex },
        ...(verdict.integratedTime ? { integratedTime: verdict.integratedTime } : {}),
      }
      if (!verdict.valid) {
        return {
          status: verdict.code === 'NO_POLICY' ? 'warn' : 'fail',
          message: `the pair's entry in ${options.rekorUrl} (log index ${verdict.logIndex}) does not verify: ${verdict.reason}`,
          evidence: logged,
        }
      }
      return {
        status: 'pass',
        message: `signed by ${verdict.signer?.identity} (issuer ${verdict.signer?.issuer}), logged in ${options.rekorUrl} at index ${verdict.logIndex} on ${verdict.integratedTime}`,
        evidence: logged,
      }
    }
  }
  const verdict = await verifyCosignPair({
    artifactPath,
    signature,
    certificate,
    trustedRoot: options.trustedRoot,
    policy: options.policy,
    ...signal,
  })
  if (verdict.signer) evidence.signer = verdict.signer
  if (!verdict.ok) {
    return { status: verdict.code === 'NO_POLICY' ? 'warn' : 'fail', message: verdict.reason, evidence }
  }
  const offlineFacts = {
    checkedAt: verdict.checkedAt.toISOString(),
    scts: verdict.scts,
    transparencyLog: false,
  }
  const verified = `signature, certificate chain (at ${verdict.checkedAt.toISOString()}), ${verdict.scts.length} SCT(s) and signer ${verdict.signer.identity} (issuer ${verdict.signer.issuer}) verify`
  if (options.rekorUrl !== undefined) {
    return {
      status: 'fail',
      message: `${verified}, but ${options.rekorUrl} holds no log entry of this signing, so nothing proves it was made while the certificate was valid (cosign verify-blob fails the same way; publish a Sigstore bundle, or set offline: true to accept such pairs as a warning)`,
      evidence: { ...evidence, ...offlineFacts },
    }
  }
  return {
    status: 'warn',
    message: `${verified}, but a .sig/.pem pair has no transparency-log entry proving when it was signed, and offline: true looks none up (offline: false asks Rekor, as cosign verify-blob does; a Sigstore bundle from cosign sign-blob --bundle carries the proof)`,
    evidence: { ...evidence, ...offlineFacts },
  }
}
