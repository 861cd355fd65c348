import { describe, expect, it } from 'vitest'
import { compareApk } from '../version/apk.ts'
import { compareDpkg } from '../version/dpkg.ts'
import { semverCompare, toSemver, versionCompare } from '../version/index.ts'
import { compareRpm } from '../version/rpm.ts'

const sign = (n: number): number => Math.sign(n)

describe('compareDpkg', () => {
  // Expected orderings from deb-version(7) and dpkg's own test suite (lib/dpkg/t/t-version.c).
  it.each([
    ['1.0', '1.0', 0],
    ['1:1.0', '2.0', 1], // the epoch wins over everything
    ['0:1.0', '1.0', 0], // epoch 0 is no epoch
    ['1.0~rc1', '1.0', -1], // `~` sorts before the end of the string
    ['1.0~~', '1.0~', -1],
    ['1.0~', '1.0', -1],
    ['1.0~rc1-1', '1.0-1', -1],
    ['1.0+b1', '1.0', 1],
    ['1.0a', '1.0+', -1], // letters before non-letters
    ['1.0-1', '1.0-2', -1],
    ['1.0-10', '1.0-9', 1], // numeric runs compare as numbers
    ['1.2.1-2.2+wheezy3', '1.2.1-2.2+wheezy2', 1],
    ['1.2.1-2.2', '1.2.1-2.2+wheezy3', -1],
    ['2.0.5-1', '2.0.5-1+deb10u1', -1],
    ['1.0-1-1', '1.0-1', 1], // the revision is after the last hyphen
    ['007', '7', 0], // leading zeros
    ['3.0.11-1~deb12u2', '3.0.11-1', -1], // a stable update sorts before the unstable upload
    ['3.0.11-1~deb12u2', '3.0.11-1~deb12u1', 1],
  ])('%s vs %s → %i', (a, b, expected) => {
    expect(sign(compareDpkg(a, b))).toBe(expected)
    expect(sign(compareDpkg(b, a))).toBe(-expected || 0)
  })
})

describe('compareApk', () => {
  // Orderings from apk-tools' test/version.data.
  it.each([
    ['10.4.25-r0', '10.4.25-r0', 0],
    ['10.6.7-r0', '10.6.8-r0', -1],
    ['10.6.8-r1', '10.6.8-r0', 1],
    ['1.2_alpha1', '1.2_beta1', -1],
    ['1.2_beta1', '1.2_pre1', -1],
    ['1.2_pre1', '1.2_rc1', -1],
    ['1.2_rc1', '1.2', -1], // pre-release suffixes sort before the release
    ['1.2', '1.2_p1', -1], // `_p` (patch) sorts after it
    ['1.2_p1', '1.2_p2', -1],
    ['1.2_cvs', '1.2_p', -1],
    ['1.2_git20240101', '1.2_p1', -1],
    ['1.2a', '1.2b', -1], // letters
    ['1.2', '1.2a', -1],
    ['1.2a', '1.2.1', -1], // a further number beats a letter
    ['1.2-r5', '1.2_p1-r0', -1],
    ['1.1.1c-r0', '1.1.1d-r0', -1],
    ['2.10', '2.9', 1],
  ])('%s vs %s → %i', (a, b, expected) => {
    expect(sign(compareApk(a, b))).toBe(expected)
    expect(sign(compareApk(b, a))).toBe(-expected || 0)
  })
})

describe('compareRpm', () => {
  it.each([
    ['1.0-1.el9', '1.0-1.el9', 0],
    ['1:1.0-1', '2.0-1', 1],
    ['1.0~rc1-1', '1.0-1', -1],
    ['1.0^git1-1', '1.0-1', 1],
    ['1.0^git1-1', '1.0.1-1', -1],
    ['1.10-1', '1.9-1', 1],
    ['1.0a-1', '1.0-1', 1],
    ['2.17-326.el7_9', '2.17-325.el7_9', 1],
  ])('%s vs %s → %i', (a, b, expected) => {
    expect(sign(compareRpm(a, b))).toBe(expected)
    expect(sign(compareRpm(b, a))).toBe(-expected || 0)
  })
})

describe('semver for npm, Go and crates.io', () => {
  it.each([
    ['4.17.20', '4.17.21', -1],
    ['1.0.0-rc.1', '1.0.0', -1], // pre-releases sort before the release
    ['v0.17.0', '0.17.0', 0], // Go's `v` prefix
    ['go1.21.3', '1.21.3', 0], // Go toolchain versions
    ['v2.0.0+incompatible', 'v2.0.0', 0],
    ['0.0.0-20220524220425-1d687d428aca', '0.1.1-0.20221104162952-702349b0e862', -1], // pseudo-versions
    ['1.21.0-0', '1.21.0', -1],
    ['0.1', '0.1.0', 0], // RUSTSEC/GHSA short versions
    ['0.0.0-0', '0.0.1', -1],
  ])('%s vs %s → %i', (a, b, expected) => {
    expect(sign(semverCompare(a, b))).toBe(expected)
  })

  it('pads short versions and strips Go decorations', () => {
    expect(toSemver('v1.2')).toBe('1.2.0')
    expect(toSemver('v3.0.0+incompatible')).toBe('3.0.0')
  })

  it('throws on a version semver cannot read, so a range is skipped rather than guessed', () => {
    expect(() => semverCompare('not-a-version', '1.0.0')).toThrow(/not a semantic version/)
  })
})

describe('PEP 440 for PyPI', () => {
  const compare = versionCompare('PyPI') as (a: string, b: string) => number
  it.each([
    ['2.30.0', '2.31.0', -1],
    ['2.31.0rc1', '2.31.0', -1],
    ['2.31.0.dev1', '2.31.0a1', -1],
    ['2.31.0.post1', '2.31.0', 1],
    ['1!1.0', '2.0', 1], // PEP 440 epochs
    ['2.3', '2.3.0', 0],
  ])('%s vs %s → %i', (a, b, expected) => {
    expect(sign(compare(a, b))).toBe(expected)
  })
})

describe('versionCompare', () => {
  it('knows the ordering of every inventoried ecosystem and none for unknown ones', () => {
    for (const e of ['Debian', 'Ubuntu', 'Alpine', 'npm', 'PyPI', 'Go', 'Red Hat', 'crates.io']) {
      expect(versionCompare(e), e).toBeTypeOf('function')
    }
    expect(versionCompare('Hackage')).toBeUndefined()
  })
})
