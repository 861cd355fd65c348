import { PostflightError } from '@postflight/core'
import { parseImageReference, parsePlatform } from './oci/index.ts'
import type { RegistryTargets } from './types.ts'

/**
 * Usage errors, found before any request: a check cannot be made from a malformed input, and a
 * release should not be failed for the caller's typo. Throws BAD_INPUT naming the input.
 */
export function validateRegistryTargets(targets: RegistryTargets): void {
  const bad = (field: string, message: string): PostflightError =>
    new PostflightError('BAD_INPUT', `input '${field}': ${message}`, { field })
  const url = (field: string, value: string | undefined): void => {
    if (value === undefined) return
    let parsed: URL
    try {
      parsed = new URL(value)
    } catch {
      throw bad(field, `'${value}' is not a URL (expected e.g. https://registry.example.com)`)
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
      throw bad(field, `'${value}' is not http(s)`)
  }
  const { npm, pypi, crates, oci } = targets
  if (npm) {
    if (!npm.package) throw bad('npm-package', 'empty')
    if (!npm.version) throw bad('version', 'the npm cross-check needs the release version')
    url('npm-registry', npm.registry)
  }
  if (pypi) {
    if (!pypi.package) throw bad('pypi-package', 'empty')
    if (!pypi.version) throw bad('version', 'the PyPI cross-check needs the release version')
    url('pypi-index', pypi.index)
  }
  if (crates) {
    if (!crates.crate) throw bad('crate', 'empty')
    if (!crates.version) throw bad('version', 'the crates.io cross-check needs the release version')
    url('crates-api', crates.api)
  }
  if (oci) {
    parseImageReference(oci.reference)
    url('oci-registry', oci.registry)
    if (oci.expectDigest !== undefined && !/^sha256:[0-9a-f]{64}$/i.test(oci.expectDigest.trim())) {
      throw bad('oci-digest', `'${oci.expectDigest}' is not a sha256 digest (sha256:<64 hex>)`)
    }
    for (const p of oci.platforms ?? []) {
      if (!parsePlatform(p)) throw bad('oci-platforms', `'${p}' is not os/arch[/variant] (e.g. linux/arm64)`)
    }
  }
}
