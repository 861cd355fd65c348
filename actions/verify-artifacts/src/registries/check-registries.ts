import type { SuiteBuilder } from '@postflight/core'
import { checkCrates } from './crates.ts'
import { checkNpm } from './npm.ts'
import { checkOci } from './oci/index.ts'
import { checkPypi } from './pypi.ts'
import type { RegistryContext, RegistryDigests, RegistryFile, RegistryTargets } from './types.ts'
import { validateRegistryTargets } from './validate.ts'

/**
 * Cross-checks the release against the package registries it says it published to: the same version
 * is there, with the same bytes. One check per cross-check, ids `registry:<kind>:…`. A registry that
 * cannot be reached is an `error` check (the tool could not do its job); a registry that answers
 * with something else than the release is a `fail`. Never throws for either; a malformed target
 * throws BAD_INPUT before any request.
 */
export async function checkRegistries(
  suite: SuiteBuilder,
  files: readonly RegistryFile[],
  digests: RegistryDigests,
  targets: RegistryTargets,
  ctx: Pick<RegistryContext, 'signal' | 'secrets'>,
): Promise<void> {
  validateRegistryTargets(targets)
  ctx.secrets?.add(targets.npm?.token)
  ctx.secrets?.add(targets.oci?.password)
  const rctx: RegistryContext = { ...ctx, ...(targets.retry ? { retry: targets.retry } : {}) }
  // One after the other: a few requests each, and the checks land in the same order every run.
  if (targets.npm) await checkNpm(suite, files, digests, targets.npm, rctx)
  if (targets.pypi) await checkPypi(suite, files, digests, targets.pypi, rctx)
  if (targets.crates) await checkCrates(suite, files, digests, targets.crates, rctx)
  if (targets.oci) await checkOci(suite, files, targets.oci, rctx)
}
