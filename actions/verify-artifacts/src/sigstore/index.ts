export { bundleSubject, isSigstoreBundleName } from './bundle-name.ts'
export { toRegExp as compileIdentityRegexp } from './identity-policy.ts'
export { BUNDLE_MEDIA_TYPES } from './parse-bundle.ts'
export { loadTrustedRoot } from './trusted-root.ts'
export type {
  SigstoreFailureCode,
  SigstorePolicy,
  SigstoreSigner,
  SigstoreTrustedRoot,
  SigstoreVerdict,
  VerifySigstoreOptions,
} from './types.ts'
export { verifySigstoreBundle } from './verify-bundle.ts'
