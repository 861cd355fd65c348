import { describe, expect, it } from 'vitest'
import { parseImageReference, registryBase } from '../oci/reference.ts'

const DIGEST = `sha256:${'a'.repeat(64)}`

describe('#parseImageReference', () => {
  it.each([
    ['ghcr.io/acme/app:1.2.3', { host: 'ghcr.io', repository: 'acme/app', reference: '1.2.3' }],
    ['127.0.0.1:5000/app:v1', { host: '127.0.0.1:5000', repository: 'app', reference: 'v1' }],
    ['localhost/a/b/c', { host: 'localhost', repository: 'a/b/c', reference: 'latest' }],
    ['nginx', { host: 'registry-1.docker.io', repository: 'library/nginx', reference: 'latest' }],
    ['acme/app:2', { host: 'registry-1.docker.io', repository: 'acme/app', reference: '2' }],
    [`ghcr.io/acme/app:1@${DIGEST}`, { host: 'ghcr.io', repository: 'acme/app', reference: DIGEST }],
    ['docker://quay.io/x/y:z', { host: 'quay.io', repository: 'x/y', reference: 'z' }],
  ])('reads %s', (ref, expected) => {
    expect(parseImageReference(ref)).toEqual(expected)
  })

  it.each(['', 'Acme/App:1', 'ghcr.io/app:bad tag', 'ghcr.io/app@sha256:short'])('refuses %j', (ref) => {
    expect(() => parseImageReference(ref)).toThrow(/oci-image/)
  })
})

describe('#registryBase', () => {
  it.each([
    ['ghcr.io/a:1', undefined, 'https://ghcr.io'],
    ['localhost:5000/a:1', undefined, 'http://localhost:5000'],
    ['127.0.0.1:5000/a:1', undefined, 'http://127.0.0.1:5000'],
    ['ghcr.io/a:1', 'http://mirror.internal:8080/', 'http://mirror.internal:8080'],
  ])('%s with %s is %s', (ref, override, expected) => {
    expect(registryBase(parseImageReference(ref), override)).toBe(expected)
  })
})
