export { checkRegistries } from './check-registries.ts'
export { CRATES_API } from './crates.ts'
export { NPM_REGISTRY } from './npm.ts'
export { PYPI_INDEX } from './pypi.ts'
export {
  type RegistryInputValues,
  registryInputs,
  registryTargetsFrom,
  wantsRegistryChecks,
} from './registry-inputs.ts'
export type {
  CratesTarget,
  NpmTarget,
  OciTarget,
  PypiTarget,
  RegistryDigests,
  RegistryFile,
  RegistryTargets,
} from './types.ts'
export { validateRegistryTargets } from './validate.ts'
