/**
 * Registry cross-checks: the release's version is on npm / PyPI / crates.io / an OCI registry with
 * the same bytes. Wiring, in the engine after `hashRelease` (the checks reuse its digests):
 *
 *   schema:  VerifyInputs = z.object({ ..., ...registryInputs, ...commonInputs })
 *   engine:  const targets = registryTargetsFrom(options, version)
 *            if (wantsRegistryChecks(targets))
 *              await logger.group('Cross-check package registries', () =>
 *                checkRegistries(suite, folder.files, digests, targets, ctx))
 *
 * `validateRegistryTargets` (also called by `checkRegistries`) throws BAD_INPUT; call it early to
 * refuse a bad input before any download.
 */
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
