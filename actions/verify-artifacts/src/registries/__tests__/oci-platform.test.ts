import { describe, expect, it } from 'vitest'
import { indexPlatforms, parseManifest } from '../oci/manifest.ts'
import { formatPlatform, parsePlatform, platformMatches } from '../oci/platform.ts'

describe('#parsePlatform', () => {
  it.each([
    ['linux/amd64', { os: 'linux', architecture: 'amd64' }],
    ['Linux/ARM64/v8', { os: 'linux', architecture: 'arm64', variant: 'v8' }],
    ['linux', undefined],
    ['linux/arm/v7/x', undefined],
  ])('reads %s', (text, expected) => {
    expect(parsePlatform(text)).toEqual(expected)
  })
})

describe('#platformMatches', () => {
  const arm64v8 = { os: 'linux', architecture: 'arm64', variant: 'v8' }
  it.each([
    ['linux/arm64', arm64v8, true],
    ['linux/arm64/v8', arm64v8, true],
    ['linux/arm/v7', { os: 'linux', architecture: 'arm', variant: 'v6' }, false],
    ['linux/arm64/v8', { os: 'linux', architecture: 'arm64' }, false],
    ['windows/amd64', { os: 'linux', architecture: 'amd64' }, false],
  ])('%s against %j: %s', (expected, actual, ok) => {
    expect(platformMatches(parsePlatform(expected) ?? { os: '', architecture: '' }, actual)).toBe(ok)
  })
})

describe('#indexPlatforms', () => {
  it('leaves out BuildKit attestation manifests', () => {
    const index = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: [
          { digest: 'sha256:1', platform: { os: 'linux', architecture: 'amd64' } },
          { digest: 'sha256:2', platform: { os: 'unknown', architecture: 'unknown' } },
        ],
      }),
    )
    expect(indexPlatforms(parseManifest(index, null)).map(formatPlatform)).toEqual(['linux/amd64'])
  })

  it('takes the media type from the response when the document has none (Docker manifest lists)', () => {
    const list = Buffer.from(JSON.stringify({ schemaVersion: 2, manifests: [] }))
    const parsed = parseManifest(
      list,
      'application/vnd.docker.distribution.manifest.list.v2+json; charset=utf-8',
    )
    expect(parsed.mediaType).toBe('application/vnd.docker.distribution.manifest.list.v2+json')
  })
})
