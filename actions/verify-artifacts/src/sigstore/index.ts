export { bundleSubject, isSigstoreBundleName, sigstoreBundles } from './bundle-name.ts'
export { type CheckSigstoreOptions, checkSigstoreBundles, type SigstoreFile } from './check-bundles.ts'
export { type CheckCosignOptions, checkCosignPairs } from './check-cosign.ts'
export { type CosignPairVerdict, verifyCosignPair } from './cosign-pair.ts'
export { toRegExp as compileIdentityRegexp } from './identity-policy.ts'
export { BUNDLE_MEDIA_TYPES } from './parse-bundle.ts'
export { defaultRekorUrl } from './rekor-search.ts'
export { loadTrustedRoot } from './trusted-root.ts'
export { PUBLIC_GOOD_MIRROR, refreshTrustedRoot, trustedRootFor } from './tuf-root.ts'
export type {
  SigstoreDigestAlgorithm,
  SigstoreFailureCode,
  SigstorePolicy,
  SigstoreSigner,
  SigstoreTrustedRoot,
  SigstoreVerdict,
  VerifySigstoreOptions,
} from './types.ts'
export { verifySigstoreBundle } from './verify-bundle.ts'
