import type { SuiteSpec } from '@postflight/core'
import { verifyArtifacts } from './engine.ts'
import { VerifyInputs } from './inputs.ts'

export { SUITE, verifyArtifacts } from './engine.ts'
export { VerifyInputs, type VerifyOptions } from './inputs.ts'

/** verify-artifacts as the action entry and the CLI both run it. */
export const verifySpec: SuiteSpec<typeof VerifyInputs> = {
  suite: 'verify-artifacts',
  schema: VerifyInputs,
  secretInputs: ['token', 'npm-token', 'oci-password'],
  engine: verifyArtifacts,
}
export { isManifestName, parseManifest, perAssetSubject } from './manifest/index.ts'
export { type DownloadOutcome, downloadAll } from './source/download-assets.ts'
export { GithubApi } from './source/github-api.ts'
export { listAssets, type Release, type ReleaseAsset, resolveRelease } from './source/release-api.ts'
export { isSafeFileName } from './source/select-assets.ts'
