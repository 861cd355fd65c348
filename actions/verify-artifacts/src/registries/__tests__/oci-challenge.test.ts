import { describe, expect, it } from 'vitest'
import { parseChallenge } from '../oci/challenge.ts'

describe('#parseChallenge', () => {
  it.each([
    [
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"',
      {
        scheme: 'bearer',
        params: {
          realm: 'https://auth.docker.io/token',
          service: 'registry.docker.io',
          scope: 'repository:library/nginx:pull',
        },
      },
    ],
    [
      'Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:a/b:pull,push"',
      {
        scheme: 'bearer',
        params: { realm: 'https://ghcr.io/token', service: 'ghcr.io', scope: 'repository:a/b:pull,push' },
      },
    ],
    ['Basic realm="Registry Realm"', { scheme: 'basic', params: { realm: 'Registry Realm' } }],
    [
      'Bearer realm=https://x/token, service=x',
      { scheme: 'bearer', params: { realm: 'https://x/token', service: 'x' } },
    ],
    [null, undefined],
    ['', undefined],
  ])('reads %j', (header, expected) => {
    expect(parseChallenge(header)).toEqual(expected)
  })
})
