import { describe, expect, it } from 'vitest'
import { findNpmTarball, npmPackName, packumentUrl } from '../npm-tarball.ts'

const file = (name: string) => ({ name, path: `/r/${name}` })

describe('#npmPackName', () => {
  it.each([
    ['left-pad', '1.3.0', 'left-pad-1.3.0.tgz'],
    ['@acme/tool', '2.0.0-rc.1', 'acme-tool-2.0.0-rc.1.tgz'],
  ])('names %s@%s %s', (pkg, version, expected) => {
    expect(npmPackName(pkg, version)).toBe(expected)
  })
})

describe('#findNpmTarball', () => {
  const files = [file('app-1.0.0-linux-x64.tar.gz'), file('other.tgz'), file('app-1.0.0.tgz')]

  it('prefers the npm pack name', () => {
    expect(findNpmTarball(files, 'app', '1.0.0')?.name).toBe('app-1.0.0.tgz')
  })

  it('takes the only .tgz when the release renamed it', () => {
    expect(findNpmTarball([file('renamed.tgz'), file('a.tar.gz')], 'app', '1.0.0')?.name).toBe('renamed.tgz')
  })

  it('does not guess among several .tgz files', () => {
    expect(findNpmTarball([file('a.tgz'), file('b.tgz')], 'app', '1.0.0')).toBeUndefined()
  })

  it('takes the file named, and only that one', () => {
    expect(findNpmTarball(files, 'app', '1.0.0', 'other.tgz')?.name).toBe('other.tgz')
    expect(findNpmTarball(files, 'app', '1.0.0', 'missing.tgz')).toBeUndefined()
  })
})

describe('#packumentUrl', () => {
  it.each([
    ['left-pad', 'https://registry.npmjs.org/left-pad'],
    ['@acme/tool', 'https://registry.npmjs.org/@acme%2Ftool'],
  ])('addresses %s as the npm CLI does', (pkg, expected) => {
    expect(packumentUrl('https://registry.npmjs.org', pkg)).toBe(expected)
  })
})
