import { type EngineContext, PostflightError, type SuiteBuilder } from '@postflight/core'
import type { DigestTable } from '../checks/checksums.ts'
import type { VerifyOptions } from '../inputs.ts'
import type { ReleaseFile } from '../release-folder.ts'
import { GithubApi } from '../source/github-api.ts'
import type { GithubSource } from '../source/release-source.ts'

/** Usage errors found before any work: attestations need a GitHub release, source checks need attestations. */
export function validateAttestationInputs(options: VerifyOptions, sourceKind: string): void {
  const wantsSource = options['attestation-source-repository'] || options['attestation-source-ref']
  if (options.attestations === 'off' && wantsSource) {
    throw new PostflightError(
      'BAD_INPUT',
      "input 'attestation-source-repository'/'attestation-source-ref' needs 'attestations: verify' or 'require'",
      { field: 'attestations' },
    )
  }
  if (options.attestations !== 'off' && sourceKind !== 'github') {
    throw new PostflightError(
      'BAD_INPUT',
      "input 'attestations' checks a GitHub release's assets: give 'repository' and 'tag' instead of 'directory' or 'artifact-name'",
      { field: 'attestations' },
    )
  }
}

/** Fetches and verifies the GitHub artifact attestations of every asset (`attestation:<asset>`). */
export async function runAttestations(
  suite: SuiteBuilder,
  source: GithubSource,
  assets: readonly ReleaseFile[],
  digests: DigestTable,
  options: VerifyOptions,
  ctx: EngineContext,
): Promise<Set<string>> {
  const mode = options.attestations
  if (mode === 'off') return new Set()
  const { trustedRootFor } = await import('../sigstore/index.ts')
  const { attestationPolicy, checkAttestations, fetchAttestationBundles } = await import('./index.ts')
  const api = new GithubApi({
    baseUrl: source.apiUrl,
    signal: ctx.signal,
    ...(source.token ? { token: source.token } : {}),
  })
  const policy = attestationPolicy(
    {
      ...(options['certificate-identity'] ? { certificateIdentity: options['certificate-identity'] } : {}),
      ...(options['certificate-identity-regexp']
        ? { certificateIdentityRegexp: options['certificate-identity-regexp'] }
        : {}),
      ...(options['certificate-oidc-issuer']
        ? { certificateOidcIssuer: options['certificate-oidc-issuer'] }
        : {}),
    },
    source.repo,
  )
  return checkAttestations(
    suite,
    assets.map((a) => ({ name: a.name, path: a.path, digests: digests.get(a.name) ?? {} })),
    {
      mode,
      fetchBundles: (subject) => fetchAttestationBundles(api, source.repo, subject),
      trustedRoot: await trustedRootFor(options),
      policy,
      source: {
        ...(options['attestation-source-repository']
          ? { repository: options['attestation-source-repository'] }
          : {}),
        ...(options['attestation-source-ref'] ? { ref: options['attestation-source-ref'] } : {}),
      },
      signal: ctx.signal,
    },
  )
}
