import { describe, expect, it, test } from 'vitest'
import { isPostflightError } from '../../errors.ts'
import { compileAssetPattern } from '../asset-pattern.ts'
import { currentPlatform, parsePlatform } from '../platform.ts'
import { PREFER_WORDS, parsePreferences } from '../prefer.ts'
import { selectAsset } from '../select-asset.ts'

const SIDE_BY_SIDE = [
  'app-v1.0.0-x86_64-unknown-linux-gnu.tar.gz',
  'app-v1.0.0-x86_64-unknown-linux-musl.tar.gz',
  'app-v1.0.0-x86_64-pc-windows-msvc.zip',
  'app-v1.0.0-x86_64-pc-windows-gnu.zip',
  'app_1.0.0_amd64.deb',
  'app-v1.0.0-x86_64-unknown-linux-gnu.tar.gz.sha256',
]

const candidate = (s: ReturnType<typeof selectAsset>, name: string) =>
  s.candidates.find((c) => c.name === name)

describe('#selectAsset', () => {
  describe('when gnu and musl builds sit side by side', () => {
    it('picks musl on Linux by default and says why the gnu one ranked lower', () => {
      const s = selectAsset(SIDE_BY_SIDE, { platform: 'linux-x64' })
      expect(s.chosen).toBe('app-v1.0.0-x86_64-unknown-linux-musl.tar.gz')
      expect(s.reasons).toContain(
        'musl libc (musl): musl is preferred over gnu on Linux: a static musl build runs on any distribution (prefer: gnu flips this)',
      )
      expect(candidate(s, 'app-v1.0.0-x86_64-unknown-linux-gnu.tar.gz')).toMatchObject({
        verdict: 'ranked-lower',
        reasons: [expect.stringMatching(/^gnu libc \(gnu\), where .*-musl\.tar\.gz is musl libc/)],
      })
      expect(candidate(s, 'app_1.0.0_amd64.deb')?.reasons[0]).toMatch(
        /^an installer \(\.deb\), where .* is an archive/,
      )
      expect(candidate(s, 'app-v1.0.0-x86_64-unknown-linux-gnu.tar.gz.sha256')).toMatchObject({
        verdict: 'rejected',
        reasons: ['a checksum file (.sha256), never the binary'],
      })
    })

    test.each<[string | string[], string, string]>([
      ['gnu', 'linux-x64', 'app-v1.0.0-x86_64-unknown-linux-gnu.tar.gz'],
      ['glibc', 'linux-x64', 'app-v1.0.0-x86_64-unknown-linux-gnu.tar.gz'],
      ['installer', 'linux-x64', 'app_1.0.0_amd64.deb'],
      [['deb'], 'linux-x64', 'app_1.0.0_amd64.deb'],
      ['gnu', 'win32-x64', 'app-v1.0.0-x86_64-pc-windows-msvc.zip'],
      ['mingw', 'win32-x64', 'app-v1.0.0-x86_64-pc-windows-gnu.zip'],
      ['windows-gnu, installer', 'win32-x64', 'app-v1.0.0-x86_64-pc-windows-gnu.zip'],
    ])('prefer %j on %s picks %s', (prefer, platform, pick) => {
      expect(selectAsset(SIDE_BY_SIDE, { platform, prefer }).chosen).toBe(pick)
    })

    it('keeps to the unmarked build when gnu is preferred and only musl is marked (mise)', () => {
      const names = ['mise-linux-x64.tar.gz', 'mise-linux-x64-musl.tar.gz']
      expect(selectAsset(names, { platform: 'linux-x64' }).chosen).toBe('mise-linux-x64-musl.tar.gz')
      expect(selectAsset(names, { platform: 'linux-x64', prefer: 'gnu' }).chosen).toBe(
        'mise-linux-x64.tar.gz',
      )
    })
  })

  describe('on macOS', () => {
    const names = ['app-universal-apple-darwin.tar.gz', 'app-aarch64-apple-darwin.tar.gz', 'app-macos.dmg']
    it('prefers the exact arch over a universal binary', () => {
      const s = selectAsset(names, { platform: 'darwin-arm64' })
      expect(s.chosen).toBe('app-aarch64-apple-darwin.tar.gz')
      expect(candidate(s, 'app-universal-apple-darwin.tar.gz')?.reasons[0]).toMatch(
        /^a universal build \(universal\)/,
      )
    })
    it('takes the universal binary where there is no exact one, or when asked', () => {
      expect(selectAsset(names, { platform: 'darwin-x64' }).chosen).toBe('app-universal-apple-darwin.tar.gz')
      expect(selectAsset(names, { platform: 'darwin-arm64', prefer: 'universal' }).chosen).toBe(
        'app-universal-apple-darwin.tar.gz',
      )
    })
  })

  describe('on 32-bit ARM', () => {
    test.each<[string[], string]>([
      [['app_linux_armv6.tar.gz', 'app_linux_armv7.tar.gz'], 'app_linux_armv7.tar.gz'],
      [
        [
          'rg-armv7-unknown-linux-musleabi.tar.gz',
          'rg-armv7-unknown-linux-musleabihf.tar.gz',
          'rg-armv7-unknown-linux-gnueabihf.tar.gz',
        ],
        'rg-armv7-unknown-linux-musleabihf.tar.gz',
      ],
      [['app_1.0_armel.deb', 'app_1.0_armhf.deb'], 'app_1.0_armhf.deb'],
    ])('%j picks %s: the newest ARM version, hard-float', (names, pick) => {
      const s = selectAsset(names, { platform: 'linux-arm' })
      expect(s.chosen).toBe(pick)
    })
  })

  it('prefers the native archive format when two builds otherwise tie', () => {
    const names = [
      'app-windows-x64.tar.gz',
      'app-windows-x64.zip',
      'app-linux-x64.zip',
      'app-linux-x64.tar.xz',
    ]
    expect(selectAsset(names, { platform: 'win32-x64' }).chosen).toBe('app-windows-x64.zip')
    const s = selectAsset(names, { platform: 'linux-x64' })
    expect(s.chosen).toBe('app-linux-x64.tar.xz')
    expect(candidate(s, 'app-linux-x64.zip')?.reasons[0]).toMatch(/same build as app-linux-x64\.tar\.xz/)
  })

  it('takes a bare binary when there is no archive (goreleaser binaries)', () => {
    const names = ['tool_linux_amd64', 'tool_linux_arm64', 'tool_windows_amd64.exe', 'checksums.txt']
    expect(selectAsset(names, { platform: 'win32-x64' }).chosen).toBe('tool_windows_amd64.exe')
    expect(selectAsset(names, { platform: 'linux-arm64' }).chosen).toBe('tool_linux_arm64')
  })

  describe('when no asset fits', () => {
    it('says so, without throwing, and lists why each was rejected', () => {
      const s = selectAsset(['app-linux-x64.tar.gz', 'app-linux-s390x.tar.gz', 'SHA256SUMS'], {
        platform: 'win32-arm64',
      })
      expect(s).toMatchObject({ outcome: 'no-match', chosen: undefined, reasons: [] })
      expect(s.message).toBe('no asset fits win32-arm64: 3 files considered, none built for it')
      expect(s.candidates.map((c) => c.reasons[0])).toEqual([
        'for linux (linux), not win32',
        'for linux (linux), not win32',
        'a checksum file (sha256sums), never the binary',
      ])
    })
    it('does not fall back to an emulated arch', () => {
      const s = selectAsset(['app-windows-x64.zip', 'app-darwin-x64.tar.gz'], { platform: 'darwin-arm64' })
      expect(s.outcome).toBe('no-match')
      expect(s.candidates[1]?.reasons).toEqual(['built for x64 (x64), not arm64'])
    })
  })

  test.each<[string[], string, string]>([
    [
      [
        'cosign-linux-amd64',
        'cosign-linux-pivkey-pkcs11key-amd64',
        'cosign-linux-amd64.sig',
        'cosign_checksums.txt',
      ],
      'cosign-linux-amd64',
      'a variant (pivkey, pkcs11key)',
    ],
    [
      [
        'bun-linux-x64-musl.zip',
        'bun-linux-x64-musl-baseline.zip',
        'bun-linux-x64-musl-profile.zip',
        'bun-linux-x64.zip',
      ],
      'bun-linux-x64-musl.zip',
      'a variant (baseline)',
    ],
  ])('%j: the plainest build breaks a remaining tie, picking %s', (names, pick, lower) => {
    const s = selectAsset(names, { platform: 'linux-x64' })
    expect(s.chosen).toBe(pick)
    expect(s.candidates[1]?.reasons[0]).toMatch(
      new RegExp(`^${lower.replace(/[()]/g, '\\$&')}, where ${pick}`),
    )
  })

  it('does not count the words of a multi-word project name as a variant', () => {
    const s = selectAsset(['cargo-binstall-x86_64-unknown-linux-musl.tgz'], { platform: 'linux-x64' })
    expect(s.reasons.at(-1)).toMatch(/^a plain build \(no variant words\)/)
  })

  describe('when two assets fit equally well', () => {
    it('reports the ambiguity with both candidates and how to settle it', () => {
      const names = ['app-cli-linux-amd64.tar.gz', 'app-server-linux-amd64.tar.gz', 'app-linux-arm64.tar.gz']
      const s = selectAsset(names, { platform: 'linux-x64' })
      expect(s.outcome).toBe('ambiguous')
      expect(s.chosen).toBeUndefined()
      expect(s.message).toBe(
        '2 assets fit linux-x64 equally well: app-cli-linux-amd64.tar.gz, app-server-linux-amd64.tar.gz; name one with the asset input (a glob or a name template)',
      )
      expect(s.candidates.map((c) => c.verdict)).toEqual(['tied', 'tied', 'rejected'])
    })
    it('is settled by the asset input', () => {
      const names = ['app-cli-linux-amd64.tar.gz', 'app-server-linux-amd64.tar.gz']
      const s = selectAsset(names, { platform: 'linux-x64', asset: 'app-cli-*' })
      expect(s.chosen).toBe('app-cli-linux-amd64.tar.gz')
      expect(s.reasons).toEqual(['the only asset matching the asset input "app-cli-*"'])
    })
  })

  describe('with an asset input', () => {
    const grype = [
      'grype_0.78.0_darwin_arm64.tar.gz',
      'grype_0.78.0_linux_amd64.deb',
      'grype_0.78.0_linux_amd64.tar.gz',
      'grype_0.78.0_linux_amd64.tar.gz.sig',
      'grype_0.78.0_linux_arm64.tar.gz',
      'grype_0.78.0_windows_amd64.zip',
    ]
    test.each<[string, string, string]>([
      ['*linux*amd64*.tar.gz', 'linux-arm64', 'grype_0.78.0_linux_amd64.tar.gz'],
      ['*linux*amd64*', 'linux-x64', 'grype_0.78.0_linux_amd64.tar.gz'],
      ['grype_{version}_{goos}_{goarch}.tar.gz', 'darwin-arm64', 'grype_0.78.0_darwin_arm64.tar.gz'],
      ['grype_{version}_{os}_{arch}.{ext}', 'win32-x64', 'grype_0.78.0_windows_amd64.zip'],
      ['grype_{version}_{os}_{arch}.*', 'linux-arm64', 'grype_0.78.0_linux_arm64.tar.gz'],
      ['grype_{version}_{os}_{arch}.*', 'linux-x64', 'grype_0.78.0_linux_amd64.tar.gz'],
      ['grype_?.78.?_linux_[a]md64.{deb,rpm}', 'linux-x64', 'grype_0.78.0_linux_amd64.deb'],
    ])('%s on %s picks %s', (asset, platform, pick) => {
      expect(selectAsset(grype, { platform, asset, tag: 'v0.78.0' }).chosen).toBe(pick)
    })

    it('rejects what does not match, naming the input', () => {
      const s = selectAsset(grype, { platform: 'linux-x64', asset: 'nothing-*' })
      expect(s.outcome).toBe('no-match')
      expect(s.message).toBe('no asset matches the asset input "nothing-*": 6 files considered')
      expect(s.candidates[0]?.reasons).toEqual(['does not match the asset input "nothing-*"'])
    })

    test.each<[string, RegExp]>([
      ['app-{version}.zip', /uses \{version\}, but neither a version nor a tag was given/],
      ['app-{flavour}.zip', /unknown placeholder \{flavour\}; expected one of \{version\}, \{tag\}/],
      ['app-[abc.zip', /has no closing '\]'/],
    ])('%s is a bad input naming the field', (asset, message) => {
      const err = (() => {
        try {
          selectAsset(grype, { platform: 'linux-x64', asset })
        } catch (e) {
          return e
        }
        return undefined
      })()
      expect(isPostflightError(err, 'BAD_INPUT')).toBe(true)
      expect((err as Error).message).toMatch(/^asset: /)
      expect((err as Error).message).toMatch(message)
    })
  })
})

describe('#compileAssetPattern', () => {
  const linux = { platform: parsePlatform('linux-x64'), tag: 'v2.1.0' }
  test.each<[string, string, boolean]>([
    ['app-{version}-{triple}.tar.gz', 'app-2.1.0-x86_64-unknown-linux-musl.tar.gz', true],
    ['app-{tag}-{triple}.tar.gz', 'app-v2.1.0-x86_64-unknown-linux-gnu.tar.gz', true],
    ['app-{tag}-{triple}.tar.gz', 'app-v2.1.0-aarch64-unknown-linux-gnu.tar.gz', false],
    ['trivy_{version}_{os}-{arch}.tar.gz', 'trivy_2.1.0_Linux-64bit.tar.gz', true],
    ['app_{version}_{goos}_{goarch}{exe}', 'app_2.1.0_linux_amd64', true],
    ['app-*-{os}-{arch}.{ext}', 'app-2.1.0-linux-x86_64.tgz', true],
    ['app-*.zip', 'app-2.1.0.zip.sha256', false],
  ])('%s against %s: %s', (pattern, name, matches) => {
    expect(compileAssetPattern(pattern, linux).test(name)).toBe(matches)
  })
})

describe('#parsePlatform', () => {
  test.each<[string, object]>([
    ['linux-x64', { os: 'linux', arch: 'x64' }],
    ['darwin-arm64', { os: 'darwin', arch: 'arm64' }],
    ['win32-x64', { os: 'win32', arch: 'x64' }],
    ['Linux-ARM', { os: 'linux', arch: 'arm' }],
    ['win32-ia32', { os: 'win32', arch: 'ia32' }],
  ])('reads %s', (input, platform) => {
    expect(parsePlatform(input)).toEqual(platform)
  })

  test.each<[string, string]>([
    ['macos-arm64', ' (did you mean darwin-arm64?)'],
    ['windows-amd64', ' (did you mean win32-x64?)'],
    ['linux-x86_64', ' (did you mean linux-x64?)'],
    ['linux', ''],
    ['freebsd-x64', ''],
    ['darwin-ia32', ''],
  ])('rejects %s naming the field and the valid values', (input, hint) => {
    expect(() => parsePlatform(input)).toThrow(
      `platform: expected <os>-<arch> with Node's names (one of linux-x64, linux-arm64, linux-ia32, linux-arm, darwin-x64, darwin-arm64, win32-x64, win32-arm64, win32-ia32), got ${JSON.stringify(input)}${hint}`,
    )
  })

  it('defaults to this process', () => {
    expect(currentPlatform()).toEqual({ os: process.platform, arch: process.arch })
  })
})

describe('#parsePreferences', () => {
  test.each(PREFER_WORDS)('accepts %s', (word) => {
    expect(() => parsePreferences(word)).not.toThrow()
  })

  test.each<[string | string[], object]>([
    ['', { libc: 'musl', toolchain: 'msvc', kinds: ['archive', 'binary', 'installer'] }],
    ['gnu', { libc: 'gnu' }],
    ['installer, gnu', { libc: 'gnu', kinds: ['installer', 'archive', 'binary'] }],
    [['binary', 'mingw'], { toolchain: 'mingw', kinds: ['binary', 'archive', 'installer'] }],
    ['.zip tgz', { formats: ['zip', 'tar.gz'] }],
  ])('reads %j', (input, prefs) => {
    expect(parsePreferences(input)).toMatchObject(prefs)
  })

  test.each<[string, RegExp]>([
    ['static', /^prefer: unknown word "static"; expected any of musl, gnu, glibc, msvc, mingw/],
    ['gnu musl', /^prefer: 'gnu' and 'musl' ask for both C libraries; give one$/],
  ])('rejects %j', (input, message) => {
    expect(() => parsePreferences(input)).toThrow(message)
  })
})
