import { describe, expect, it } from 'vitest'
import type { RegistryTargets } from '../types.ts'
import { validateRegistryTargets } from '../validate.ts'

describe('#validateRegistryTargets', () => {
  it('accepts well-formed targets', () => {
    expect(() =>
      validateRegistryTargets({
        npm: { package: '@a/b', version: '1.0.0', registry: 'http://127.0.0.1:4873' },
        pypi: { package: 'a', version: '1.0.0' },
        crates: { crate: 'a', version: '1.0.0', api: 'https://crates.io' },
        oci: {
          reference: 'ghcr.io/a/b:1',
          expectDigest: `sha256:${'0'.repeat(64)}`,
          platforms: ['linux/arm64/v8'],
        },
      }),
    ).not.toThrow()
  })

  it.each<[RegistryTargets, RegExp]>([
    [{ npm: { package: '', version: '1' } }, /input 'npm-package'/],
    [
      { npm: { package: 'a', version: '1', registry: 'registry.npmjs.org' } },
      /input 'npm-registry': .* not a URL/,
    ],
    [{ pypi: { package: 'a', version: '' } }, /input 'version'/],
    [{ crates: { crate: 'a', version: '1', api: 'ftp://x' } }, /input 'crates-api'.*not http/],
    [{ oci: { reference: 'ghcr.io/A:1' } }, /oci-image/],
    [{ oci: { reference: 'a:1', expectDigest: 'abc' } }, /input 'oci-digest'/],
    [{ oci: { reference: 'a:1', platforms: ['amd64'] } }, /input 'oci-platforms'/],
  ])('refuses %j', (targets, message) => {
    expect(() => validateRegistryTargets(targets)).toThrow(message)
  })
})
