export { algorithmLabel, hexLength } from './algorithm.ts'
export { isManifestName, perAssetSubject } from './manifest-name.ts'
export { parseManifest } from './parse-manifest.ts'
export type { ManifestAlgorithm, ManifestEntry, ManifestProblem, ParsedManifest } from './types.ts'
