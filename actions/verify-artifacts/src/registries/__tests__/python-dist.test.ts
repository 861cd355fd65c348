import { describe, expect, it } from 'vitest'
import { isDistOf, parseDistName } from '../python-dist.ts'

describe('#parseDistName', () => {
  it.each([
    ['demo_pkg-1.0.0-py3-none-any.whl', { project: 'demo-pkg', version: '1.0.0' }],
    ['Demo.Pkg-1.0.0-1-cp312-cp312-manylinux_2_17_x86_64.whl', { project: 'demo-pkg', version: '1.0.0' }],
    ['demo_pkg-1.0.0.tar.gz', { project: 'demo-pkg', version: '1.0.0' }],
    ['demo-pkg-1.0.0rc1.zip', { project: 'demo-pkg', version: '1.0.0rc1' }],
    ['demo_pkg-1.0.0.whl', undefined],
    ['SHA256SUMS', undefined],
    ['demo.tar.gz', undefined],
  ])('reads %s as %j', (file, expected) => {
    expect(parseDistName(file)).toEqual(expected)
  })
})

describe('#isDistOf', () => {
  it.each([
    ['demo_pkg-1.0.0-py3-none-any.whl', 'Demo-Pkg', '1.0.0', true],
    ['demo_pkg-1.0.0.tar.gz', 'demo.pkg', 'v1.0.0', true],
    ['demo_pkg-1.0.1.tar.gz', 'demo-pkg', '1.0.0', false],
    ['other-1.0.0.tar.gz', 'demo-pkg', '1.0.0', false],
    ['app-linux-x64.tar.gz', 'app', '1.0.0', false],
  ])('%s of %s %s: %s', (file, project, version, expected) => {
    expect(isDistOf(file, project, version)).toBe(expected)
  })
})
