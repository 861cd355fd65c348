export { type AssetTraits, type NameFact, nameWords, readAssetName } from './asset-name.ts'
export { ASSET_PLACEHOLDERS, compileAssetPattern, matchAssetPattern } from './asset-pattern.ts'
export { type AssetKind, type FileKind, fileKind } from './file-kind.ts'
export {
  currentPlatform,
  formatPlatform,
  PLATFORM_ARCHES,
  PLATFORM_OSES,
  type Platform,
  type PlatformArch,
  type PlatformOs,
  parsePlatform,
} from './platform.ts'
export { type AssetPreferences, DEFAULT_PREFERENCES, PREFER_WORDS, parsePreferences } from './prefer.ts'
export {
  type AssetCandidate,
  type AssetSelection,
  type CandidateVerdict,
  type SelectAssetOptions,
  selectAsset,
} from './select-asset.ts'
