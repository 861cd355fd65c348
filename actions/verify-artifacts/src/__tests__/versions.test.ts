import { versionFromTag } from '@postflight/core'
import { describe, expect, test } from 'vitest'
import { nameCarriesVersion, versionsInName } from '../versions.ts'

describe('#versionFromTag', () => {
  test.each([
    ['v1.2.3', '1.2.3'],
    ['1.2.3', '1.2.3'],
    ['refs/tags/v2.0.0-rc.1', '2.0.0-rc.1'],
    ['app-v1.4.0', '1.4.0'],
    ['@scope/pkg@3.1.4', '3.1.4'],
    ['cli/v0.9.1', '0.9.1'],
    ['v1.2.3+build.7', '1.2.3'],
    ['v1', undefined],
    ['nightly', undefined],
  ])('%s → %s', (tag, version) => {
    expect(versionFromTag(tag)).toBe(version)
  })
})

describe('#versionsInName', () => {
  test.each([
    ['app-1.2.3-linux-x64.tar.gz', ['1.2.3']],
    ['app_v1.2.3_x86_64.zip', ['1.2.3']],
    ['app-2.0.0-rc1-darwin.tgz', ['2.0.0-rc1']],
    ['grype_0.32.0-SNAPSHOT-d461f63_linux_amd64.tar.gz', ['0.32.0-SNAPSHOT-d461f63']],
    ['ubuntu-22.04-app.deb', []],
    ['app-1.2.3.4.zip', []],
  ])('%s carries %j', (name, versions) => {
    expect(versionsInName(name)).toEqual(versions)
  })
})

describe('#nameCarriesVersion', () => {
  test.each([
    ['app-1.2.3-linux.tar.gz', '1.2.3', true],
    ['app-v1.2.3.zip', '1.2.3', true],
    ['app-11.2.3.zip', '1.2.3', false],
    ['app-1.2.30.zip', '1.2.3', false],
    ['app-1.2.3.4.zip', '1.2.3', false],
    ['app-1.2.3-rc.1-linux.bin', '1.2.3', false],
    ['app-1.2.3-rc.1-linux.bin', '1.2.3-rc.1', true],
    ['app-1.2.3-rc1-linux.bin', '1.2.3-rc.1', true],
    ['app-1.2.3-rc.10-linux.bin', '1.2.3-rc.1', false],
    ['app-1.2.3-rc1.0.bin', '1.2.3-rc.1', false],
    ['app-1.2.3-rc.1.tar.gz', '1.2.3-rc.1', true],
    ['app-2024.10-linux.zip', '2024.10', true],
    ['app-2024.101-linux.zip', '2024.10', false],
  ])('%s carries %s: %s', (name, version, expected) => {
    expect(nameCarriesVersion(name, version)).toBe(expected)
  })
})
