import { describe, expect, it } from 'vitest'
import { attestationsOutcome, integrityOutcome } from '../npm-outcomes.ts'
import { base64ToHex } from '../sri.ts'

const B64 = 'z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg=='

describe('#integrityOutcome', () => {
  it.each([
    ['sha512', base64ToHex(B64), 'pass'],
    ['sha512', '00'.repeat(64), 'fail'],
    ['sha1', base64ToHex(B64), 'warn'],
  ] as const)('%s with the release at %s is %s', (algorithm, hex, status) => {
    expect(integrityOutcome('a.tgz', { algorithm, base64: B64 }, hex, `${algorithm}-${B64}`).status).toBe(
      status,
    )
  })
})

describe('#attestationsOutcome', () => {
  const published = {
    attestations: {
      url: 'https://registry.npmjs.org/-/npm/v1/attestations/a@1.0.0',
      provenance: { predicateType: 'https://slsa.dev/provenance/v1' },
    },
  }

  it.each([
    [published, false, 'pass'],
    [published, true, 'pass'],
    [{}, true, 'warn'],
    [{}, false, 'skip'],
    [{ attestations: {} }, true, 'warn'],
  ])('%j, required %s: %s', (dist, required, status) => {
    expect(attestationsOutcome(dist, required).status).toBe(status)
  })

  it('names the predicate type', () => {
    expect(attestationsOutcome(published, false).message).toBe(
      'attestations published (https://slsa.dev/provenance/v1)',
    )
  })
})
