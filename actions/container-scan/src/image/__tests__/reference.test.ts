import { describe, expect, it } from 'vitest'
import { parseImageReference, registryBaseUrl } from '../reference.ts'

describe('parseImageReference', () => {
  it.each([
    ['alpine', { host: 'registry-1.docker.io', repository: 'library/alpine', tag: 'latest' }],
    ['acme/app:1.2.3', { host: 'registry-1.docker.io', repository: 'acme/app', tag: '1.2.3' }],
    [
      'docker.io/library/alpine:3.19',
      { host: 'registry-1.docker.io', repository: 'library/alpine', tag: '3.19' },
    ],
    ['docker.io/alpine', { host: 'registry-1.docker.io', repository: 'library/alpine', tag: 'latest' }],
    ['index.docker.io/acme/app:1', { host: 'registry-1.docker.io', repository: 'acme/app', tag: '1' }],
    ['ghcr.io/acme/app:v1.2.3', { host: 'ghcr.io', repository: 'acme/app', tag: 'v1.2.3' }],
    ['127.0.0.1:5000/acme/app:1.0', { host: '127.0.0.1:5000', repository: 'acme/app', tag: '1.0' }],
    ['localhost/app', { host: 'localhost', repository: 'app', tag: 'latest' }],
    [
      `ghcr.io/acme/app@sha256:${'a'.repeat(64)}`,
      { host: 'ghcr.io', repository: 'acme/app', digest: `sha256:${'a'.repeat(64)}` },
    ],
    [
      `ghcr.io/acme/app:1.0@sha256:${'b'.repeat(64)}`,
      { host: 'ghcr.io', repository: 'acme/app', tag: '1.0', digest: `sha256:${'b'.repeat(64)}` },
    ],
  ])('%s', (ref, expected) => {
    expect(parseImageReference(ref)).toEqual(expected)
  })

  it.each([
    ['', /is empty/],
    ['Acme/App:1', /no valid repository name/],
    ['ghcr.io/acme/app:bad tag', /invalid tag/],
    ['ghcr.io/acme/app@sha256:123', /invalid digest/],
  ])('refuses %j naming the input', (ref, why) => {
    expect(() => parseImageReference(ref)).toThrow(why)
    expect(() => parseImageReference(ref)).toThrow(/input 'image'/)
  })
})

describe('registryBaseUrl', () => {
  it.each([
    ['ghcr.io', 'https://ghcr.io'],
    ['127.0.0.1:5000', 'http://127.0.0.1:5000'],
    ['localhost:5000', 'http://localhost:5000'],
    ['registry.local:5000', 'https://registry.local:5000'],
  ])('%s → %s', (host, url) => {
    expect(registryBaseUrl(host)).toBe(url)
  })
})
