import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { registryInputs, registryTargetsFrom, wantsRegistryChecks } from '../registry-inputs.ts'

const parse = (raw: Record<string, unknown>) => z.object(registryInputs).strict().parse(raw)

describe('#registryTargetsFrom', () => {
  it('asks for nothing when no package or image is named', () => {
    const targets = registryTargetsFrom(parse({ 'npm-registry': 'https://npm.example.com' }), '1.0.0')
    expect(targets).toEqual({})
    expect(wantsRegistryChecks(targets)).toBe(false)
  })

  it('maps every input to its target, with the release version', () => {
    const targets = registryTargetsFrom(
      parse({
        'npm-package': '@acme/app',
        'npm-registry': 'http://127.0.0.1:4873',
        'npm-token': 'npm_secret',
        'npm-attestations': 'true',
        'pypi-package': 'acme-app',
        'pypi-index': 'https://pypi.example.com',
        crate: 'acme-app',
        'oci-image': 'ghcr.io/acme/app:1.0.0',
        'oci-digest': `sha256:${'a'.repeat(64)}`,
        'oci-platforms': 'linux/amd64, linux/arm64\nlinux/arm/v7',
        'oci-username': 'ci',
      }),
      '1.0.0',
    )
    expect(targets).toEqual({
      npm: {
        package: '@acme/app',
        version: '1.0.0',
        registry: 'http://127.0.0.1:4873',
        token: 'npm_secret',
        requireAttestations: true,
      },
      pypi: { package: 'acme-app', version: '1.0.0', index: 'https://pypi.example.com' },
      crates: { crate: 'acme-app', version: '1.0.0' },
      oci: {
        reference: 'ghcr.io/acme/app:1.0.0',
        expectDigest: `sha256:${'a'.repeat(64)}`,
        platforms: ['linux/amd64', 'linux/arm64', 'linux/arm/v7'],
        username: 'ci',
      },
    })
    expect(wantsRegistryChecks(targets)).toBe(true)
  })

  it.each([
    [{ 'npm-registry': 'registry.npmjs.org' }, /npm-registry/],
    [{ 'oci-digest': 'sha256:abc' }, /oci-digest/],
  ])('refuses %j at parse time', (raw, path) => {
    const result = z.object(registryInputs).safeParse(raw)
    expect(result.success).toBe(false)
    expect(JSON.stringify(result.error?.issues.map((i) => i.path))).toMatch(path)
  })
})
