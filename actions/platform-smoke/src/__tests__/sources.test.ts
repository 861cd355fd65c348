import { parseInputs, type RawInputs } from '@postflight/core'
import { describe, expect, it } from 'vitest'
import { SmokeInputs } from '../inputs.ts'
import { manifestsFor } from '../source/opened-release.ts'
import { smokeSource } from '../source/smoke-source.ts'

const parse = (raw: RawInputs) => parseInputs(SmokeInputs, raw)

describe('#smokeSource', () => {
  it('prefers directory, then artifact-name, then the GitHub release', () => {
    expect(smokeSource(parse({ directory: 'd', 'artifact-name': 'a', tag: 'v1' }), {})).toEqual({
      kind: 'folder',
      directory: 'd',
    })
    expect(smokeSource(parse({ 'artifact-name': 'a', tag: 'v1' }), {})).toEqual({
      kind: 'artifact',
      name: 'a',
    })
  })

  it('fills repository, token and API from the environment, and reads latest', () => {
    const env = { GITHUB_REPOSITORY: 'acme/app', GH_TOKEN: 'tok', GITHUB_API_URL: 'http://127.0.0.1:1' }
    expect(smokeSource(parse({ tag: 'latest' }), env)).toEqual({
      kind: 'github',
      apiUrl: 'http://127.0.0.1:1',
      repo: 'acme/app',
      which: { latest: true },
      token: 'tok',
    })
    expect(smokeSource(parse({ tag: 'v1.2.3', repository: 'o/r', token: 'in' }), env)).toMatchObject({
      repo: 'o/r',
      which: { tag: 'v1.2.3' },
      token: 'in',
    })
  })

  it('names the inputs when nothing says which release', () => {
    expect(() => smokeSource(parse({}), {})).toThrow(/give 'directory'.*'artifact-name'.*'tag'/)
    expect(() => smokeSource(parse({ tag: 'v1' }), {})).toThrow(
      expect.objectContaining({ field: 'repository' }),
    )
    expect(() => smokeSource(parse({ repository: 'o/r' }), {})).toThrow(
      expect.objectContaining({ field: 'tag' }),
    )
  })
})

describe('#manifestsFor', () => {
  it("takes release-wide manifests and the asset's own digest file, never another asset's", () => {
    const names = [
      'app.tar.gz',
      'app.zip',
      'SHA256SUMS',
      'checksums.txt',
      'app.tar.gz.sha256',
      'app.zip.sha256',
      'app.tar.gz.asc',
    ]
    expect(manifestsFor(names, 'app.tar.gz')).toEqual(['SHA256SUMS', 'checksums.txt', 'app.tar.gz.sha256'])
  })
})

describe('the install input', () => {
  it('reads method names and mappings, and lists each method once', () => {
    expect(parse({ directory: 'd', install: 'npm' }).install).toEqual([{ method: 'npm' }])
    expect(
      parse({ directory: 'd', install: '- deb\n- method: pip\n  package: ./x.whl\n  args: [--no-index]\n' })
        .install,
    ).toEqual([{ method: 'deb' }, { method: 'pip', package: './x.whl', args: ['--no-index'] }])
  })

  it.each([
    ['- method: brew', /install/],
    ['- npm\n- npm', /method npm given twice/],
    ['- method: deb\n  package: x', /'package' is for npm and pip/],
    ['- method: npm\n  pakage: x', /unknown key 'pakage'/],
    ['- method: [', /not valid YAML/],
  ])('refuses %j naming the input', (install, message) => {
    expect(() => parse({ directory: 'd', install })).toThrow(message)
  })

  it('reads hardening as warn by default, and only warn, fail or off', () => {
    expect(parse({ directory: 'd' }).hardening).toBe('warn')
    expect(() => parse({ directory: 'd', hardening: 'strict' })).toThrow(/hardening/)
  })
})
