import type { EngineContext, SuiteBuilder } from '@postflight/core'
import type { VerifyOptions } from '../inputs.ts'
import type { ReleaseFolder } from '../release-folder.ts'
import type { DigestTable } from './checksums.ts'

/**
 * Verifies the release's Sigstore bundles and cosign pairs against the trusted root and the identity
 * policy, with no network call unless offline: false (then pairs are looked up in Rekor). Returns the
 * names a valid bundle or logged pair covers (they count as signed, like an OpenPGP signature). Nothing is loaded when the release has no bundle and no root was asked for.
 */
export async function checkSigstore(
  suite: SuiteBuilder,
  folder: ReleaseFolder,
  options: VerifyOptions,
  digests: DigestTable,
  ctx: EngineContext,
): Promise<Set<string>> {
  // Online, a cosign pair is proven by its Rekor entry as well as a bundle proves itself.
  const pairsProve = folder.cosign.length > 0 && !options.offline
  if (folder.bundles.length === 0 && hasSigstorePolicy(options) && !pairsProve) {
    // An identity was asked for: a release whose bundles were stripped must not pass for having none.
    suite.add({
      id: 'sigstore:present',
      title: 'The release carries Sigstore bundles',
      status: 'fail',
      message: `a Sigstore signer identity is required, but the release has no Sigstore bundle (*.sigstore.json, *.sigstore, *.bundle)${folder.cosign.length ? '; its cosign .sig/.pem pairs are checked, but offline they carry no proof of when they were signed (offline: false looks them up in Rekor)' : ''}`,
    })
    if (folder.cosign.length === 0) return new Set()
  }
  if (folder.bundles.length === 0 && folder.cosign.length === 0 && !options['trusted-root']) return new Set()
  // @sigstore/* loads only when there is a bundle (or a root) to use.
  const { checkCosignPairs, checkSigstoreBundles, compileIdentityRegexp, defaultRekorUrl, trustedRootFor } =
    await import('../sigstore/index.ts')
  if (options['certificate-identity-regexp']) compileIdentityRegexp(options['certificate-identity-regexp'])
  const trustedRoot = await trustedRootFor(options)
  ctx.logger.info(`Sigstore trusted root: ${trustedRoot.source}`)
  const policy = {
    ...(options['certificate-identity'] ? { certificateIdentity: options['certificate-identity'] } : {}),
    ...(options['certificate-identity-regexp']
      ? { certificateIdentityRegexp: options['certificate-identity-regexp'] }
      : {}),
    ...(options['certificate-oidc-issuer']
      ? { certificateOidcIssuer: options['certificate-oidc-issuer'] }
      : {}),
  }
  const signed = await checkSigstoreBundles(suite, folder.files, {
    trustedRoot,
    policy,
    digests,
    signal: ctx.signal,
  })
  const pairsSigned = await checkCosignPairs(suite, folder.cosign, {
    names: new Set(folder.files.map((f) => f.name)),
    trustedRoot,
    policy,
    // offline: true is the promise of no network call at all; only offline: false asks Rekor.
    ...(options.offline ? {} : { rekorUrl: options['rekor-url'] ?? defaultRekorUrl(trustedRoot) }),
    signal: ctx.signal,
  })
  return new Set([...signed, ...pairsSigned])
}

/** True when the inputs name a Sigstore signer: bundles are then required, like a public-key requires signatures. */
export function hasSigstorePolicy(options: VerifyOptions): boolean {
  return Boolean(
    options['certificate-identity'] ||
      options['certificate-identity-regexp'] ||
      options['certificate-oidc-issuer'],
  )
}
