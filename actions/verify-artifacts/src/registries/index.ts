export { checkRegistries } from './check-registries.ts'
export { NPM_REGISTRY } from './npm.ts'
export type {
  CratesTarget,
  NpmTarget,
  OciTarget,
  PypiTarget,
  RegistryDigests,
  RegistryFile,
  RegistryTargets,
} from './types.ts'
