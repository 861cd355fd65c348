import { describe, expect, it } from 'vitest'
import { parseAuthChallenge } from '../challenge.ts'

describe('parseAuthChallenge', () => {
  it.each([
    [
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull"',
      {
        scheme: 'bearer',
        params: {
          realm: 'https://auth.docker.io/token',
          service: 'registry.docker.io',
          scope: 'repository:library/alpine:pull',
        },
      },
    ],
    // A scope with several actions keeps its comma; unquoted values and spaces around `=` and `,` are read.
    [
      'Bearer realm="http://127.0.0.1:5001/token", service=reg , scope="repository:a/b:pull,push"',
      {
        scheme: 'bearer',
        params: { realm: 'http://127.0.0.1:5001/token', service: 'reg', scope: 'repository:a/b:pull,push' },
      },
    ],
    ['Basic realm="Registry Realm"', { scheme: 'basic', params: { realm: 'Registry Realm' } }],
    ['Basic', { scheme: 'basic', params: {} }],
    ['BEARER REALM="x\\"y"', { scheme: 'bearer', params: { realm: 'x"y' } }],
  ])('%s', (header, expected) => {
    expect(parseAuthChallenge(header)).toEqual(expected)
  })

  it.each([null, undefined, '', '   ', '=broken'])('reads %j as no challenge', (header) => {
    expect(parseAuthChallenge(header)).toBeUndefined()
  })
})
