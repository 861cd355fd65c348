import { isPostflightError } from '@postflight/core'
import type { SigstorePolicy } from '../sigstore/index.ts'
import type { GithubApi } from '../source/github-api.ts'

export const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com'

interface AttestationList {
  attestations?: Array<{ bundle?: unknown }>
}

/**
 * The Sigstore bundles GitHub holds for `subjectDigest` (`sha256:<hex>`) in `repo`; none (an empty
 * list, as a 404 says) when the asset was never attested. The token goes only to the API's origin.
 */
export async function fetchAttestationBundles(
  api: GithubApi,
  repo: string,
  subjectDigest: string,
): Promise<unknown[]> {
  try {
    const list = await api.get<AttestationList>(
      `/repos/${repo}/attestations/${encodeURIComponent(subjectDigest)}?per_page=100`,
    )
    return (list.attestations ?? []).map((a) => a.bundle).filter((b) => b !== undefined && b !== null)
  } catch (err) {
    if (isPostflightError(err, 'NOT_FOUND')) return []
    throw err
  }
}

/**
 * The identity an attestation must be signed under: the Sigstore inputs when given (the same policy
 * as the release's bundles), otherwise what `gh attestation verify --repo` checks by default — a
 * workflow of the release's own repository, through GitHub Actions' OIDC issuer.
 */
export function attestationPolicy(
  given: SigstorePolicy,
  repo: string,
  serverUrl = 'https://github.com',
): SigstorePolicy {
  if (given.certificateIdentity !== undefined || given.certificateIdentityRegexp !== undefined) {
    return { certificateOidcIssuer: GITHUB_ACTIONS_ISSUER, ...given }
  }
  const escaped = `${serverUrl.replace(/\/+$/, '')}/${repo}/`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return {
    certificateIdentityRegexp: `^${escaped}`,
    certificateOidcIssuer: given.certificateOidcIssuer ?? GITHUB_ACTIONS_ISSUER,
  }
}
