import type { CheckOutcome, SuiteBuilder } from '@postflight/core'
import type { SigstoreDigestAlgorithm, SigstorePolicy, SigstoreTrustedRoot } from '../sigstore/index.ts'
import {
  checkProvenanceSource,
  SLSA_PROVENANCE_V1,
  type SourceExpectation,
  statementOf,
} from './provenance.ts'

export type AttestationMode = 'off' | 'verify' | 'require'

export interface AttestedAsset {
  name: string
  path: string
  /** Digests already computed by the engine; sha256 is what the attestations API is asked for. */
  digests: Partial<Record<SigstoreDigestAlgorithm, string>>
}

export interface CheckAttestationsOptions {
  mode: Exclude<AttestationMode, 'off'>
  /** The bundles GitHub holds for `sha256:<hex>` (an empty list when it holds none). */
  fetchBundles: (subjectDigest: string) => Promise<unknown[]>
  trustedRoot: SigstoreTrustedRoot
  policy: SigstorePolicy
  source: SourceExpectation
  signal?: AbortSignal
}

interface BundleResult {
  ok: boolean
  reason: string
  predicateType?: string
  signer?: string
}

/**
 * Records one `attestation:<asset>` check per asset: GitHub's artifact attestations for its sha256
 * are fetched, each bundle verified offline against the trusted root and the identity policy, its
 * in-toto subject tied to the asset's digest, and (when a source is expected) its SLSA v1 provenance
 * checked for the source repository and ref. Like `gh attestation verify`, one bundle that passes
 * everything proves the asset; the others are kept in the evidence. Returns the names proven.
 */
export async function checkAttestations(
  suite: SuiteBuilder,
  assets: readonly AttestedAsset[],
  options: CheckAttestationsOptions,
): Promise<Set<string>> {
  const { verifySigstoreBundle } = await import('../sigstore/index.ts')
  const proven = new Set<string>()
  const wantsSource = options.source.repository !== undefined || options.source.ref !== undefined
  for (const asset of assets) {
    const id = suite.uniqueId(`attestation:${asset.name}`)
    const title = `${asset.name} has a verified GitHub artifact attestation`
    const sha256 = asset.digests.sha256
    if (sha256 === undefined) {
      suite.add({
        id,
        title,
        status: 'error',
        message: `${asset.name} has no sha256 digest to look its attestations up by`,
      })
      continue
    }
    await suite.run(id, title, async (): Promise<CheckOutcome> => {
      const subject = `sha256:${sha256}`
      const bundles = await options.fetchBundles(subject)
      if (bundles.length === 0) {
        return {
          status: options.mode === 'require' ? 'fail' : 'skip',
          message: `GitHub holds no attestation for ${subject}`,
          evidence: { subjectDigest: subject },
        }
      }
      const results: BundleResult[] = []
      for (const bundle of bundles) {
        const verdict = await verifySigstoreBundle({
          bundle: bundle as object,
          artifactPath: asset.path,
          artifactDigests: asset.digests,
          trustedRoot: options.trustedRoot,
          policy: options.policy,
          offline: true,
          ...(options.signal ? { signal: options.signal } : {}),
        })
        const signer = verdict.signer?.identity
        const base = {
          ...(verdict.predicateType ? { predicateType: verdict.predicateType } : {}),
          ...(signer ? { signer } : {}),
        }
        if (!verdict.valid) {
          results.push({ ok: false, reason: verdict.reason ?? 'the bundle does not verify', ...base })
          continue
        }
        if (verdict.kind !== 'dsse') {
          results.push({ ok: false, reason: 'the bundle is not an in-toto attestation', ...base })
          continue
        }
        if (!wantsSource) {
          results.push({ ok: true, reason: 'verified', ...base })
          continue
        }
        const statement = statementOf(bundle)
        if (statement.predicateType !== SLSA_PROVENANCE_V1) {
          results.push({
            ok: false,
            reason: `a ${statement.predicateType ?? 'untyped'} attestation, not SLSA provenance (${SLSA_PROVENANCE_V1}), so it names no source to check`,
            ...base,
          })
          continue
        }
        const source = checkProvenanceSource(statement.predicate, options.source)
        results.push(
          source.ok
            ? { ok: true, reason: `built from ${source.repository ?? '?'} at ${source.ref ?? '?'}`, ...base }
            : { ok: false, reason: source.reason, ...base },
        )
      }
      const evidence = { subjectDigest: subject, attestations: results }
      const good = results.find((r) => r.ok)
      if (good) {
        proven.add(asset.name)
        const who = good.signer ? ` signed by ${good.signer}` : ''
        return {
          status: 'pass',
          message: `${good.predicateType ?? 'attestation'}${who}: ${good.reason}`,
          evidence,
        }
      }
      const reasons = [...new Set(results.map((r) => r.reason))].slice(0, 3).join('; ')
      return {
        status: 'fail',
        message: `none of the ${results.length} attestations for ${subject} holds: ${reasons}`,
        evidence,
      }
    })
  }
  return proven
}
