import { describe, expect, test } from 'vitest'
import { nameWords, readAssetName } from '../asset-name.ts'
import { fileKind } from '../file-kind.ts'

const archOf = (name: string) => readAssetName(name).arch.map((f) => f.value)
const osOf = (name: string) => readAssetName(name).os.map((f) => f.value)

describe('#nameWords', () => {
  test.each<[string, string[]]>([
    [
      'hyperfine-v1.20.0-x86_64-unknown-linux-musl.tar.gz',
      ['hyperfine', 'v1.20.0', 'x86_64', 'unknown', 'linux', 'musl'],
    ],
    ['app_1.386.0_linux_x86-64', ['app', '1.386.0', 'linux', 'x86-64']],
    ['trivy_0.74.0_Linux-64bit.tar.gz', ['trivy', '0.74.0', 'linux', '64bit']],
    ['app.linux.amd64.zip', ['app', 'linux', 'amd64']],
  ])('splits %s', (name, words) => {
    expect(nameWords(name)).toEqual(words)
  })
})

describe('#readAssetName', () => {
  describe('when the name spells an arch', () => {
    test.each<[string, string]>([
      ['app-x86_64-unknown-linux-gnu.tar.gz', 'x64'],
      ['app-linux-x86-64.tar.gz', 'x64'],
      ['app_linux_amd64.tar.gz', 'x64'],
      ['app-linux-x64.tar.gz', 'x64'],
      ['trivy_0.74.0_Linux-64bit.tar.gz', 'x64'],
      ['jq-linux64', 'x64'],
      ['app-macos-intel.dmg', 'x64'],
      ['app-aarch64-unknown-linux-musl.tar.gz', 'arm64'],
      ['app_linux_arm64.tar.gz', 'arm64'],
      ['trivy_0.74.0_Linux-ARM64.tar.gz', 'arm64'],
      ['app-linux-arm-64bit.tar.gz', 'arm64'],
      ['app-i686-unknown-linux-gnu.tar.gz', 'ia32'],
      ['app_linux_386.tar.gz', 'ia32'],
      ['app-windows-x86.zip', 'ia32'],
      ['trivy_Linux-32bit.tar.gz', 'ia32'],
      ['app-armv7-unknown-linux-gnueabihf.tar.gz', 'arm'],
      ['app_linux_armv6.tar.gz', 'arm'],
      ['app_1.0_armhf.deb', 'arm'],
      ['trivy_0.74.0_Linux-ARM.tar.gz', 'arm'],
      ['app-universal-apple-darwin.tar.gz', 'universal'],
      ['app-macos-universal2.pkg', 'universal'],
      ['app_darwin_all.tar.gz', 'universal'],
      ['app-s390x-unknown-linux-gnu.tar.gz', 's390x'],
      ['app_linux_ppc64le.tar.gz', 'ppc64le'],
      ['app-riscv64gc-unknown-linux-gnu.tar.gz', 'riscv64'],
    ])('%s is %s', (name, arch) => {
      expect(archOf(name)).toEqual([arch])
    })

    test('a version that contains 386 is not an arch', () => {
      expect(archOf('app-1.386.2-linux-amd64.tar.gz')).toEqual(['x64'])
    })
  })

  describe('when the name spells an OS', () => {
    test.each<[string, string]>([
      ['app-x86_64-unknown-linux-musl.tar.gz', 'linux'],
      ['app-aarch64-apple-darwin.tar.gz', 'darwin'],
      ['mise-v1-macos-arm64.tar.gz', 'darwin'],
      ['app-osx-x64.zip', 'darwin'],
      ['app-x86_64-pc-windows-msvc.zip', 'win32'],
      ['app-win-x64.zip', 'win32'],
      ['app-win32-x64.zip', 'win32'],
      ['jq-win64.exe', 'win32'],
      ['app_1.0_amd64.deb', 'linux'],
      ['app-x86_64.AppImage', 'linux'],
      ['app-x64.msi', 'win32'],
      ['app-universal.dmg', 'darwin'],
      ['app-x86_64-unknown-freebsd.tar.gz', 'freebsd'],
      ['app-aarch64-linux-android.tar.gz', 'android'],
      ['app-ubuntu-22.04-x86_64.tar.gz', 'linux'],
      ['app-alpine-x86_64.tar.gz', 'linux'],
      ['app-macos11-arm64.tar.gz', 'darwin'],
    ])('%s is %s', (name, os) => {
      expect(osOf(name)).toContain(os)
    })
  })

  test.each<[string, string | undefined]>([
    ['app-x86_64-unknown-linux-musl.tar.gz', 'musl'],
    ['app-armv7-unknown-linux-musleabihf.tar.gz', 'musl'],
    ['app-x86_64-unknown-linux-gnu.tar.gz', 'gnu'],
    ['app-armv7-unknown-linux-gnueabihf.tar.gz', 'gnu'],
    ['app-x86_64-pc-windows-msvc.zip', 'msvc'],
    ['app-x86_64-pc-windows-gnu.zip', 'gnu'],
    ['app-alpine-x86_64.tar.gz', 'musl'],
    ['app_linux_amd64.tar.gz', undefined],
  ])('%s names the C library or toolchain %s', (name, libc) => {
    expect(readAssetName(name).libc?.value).toBe(libc)
  })
})

describe('#fileKind', () => {
  test.each<[string, string]>([
    ['src_linux_amd64', 'binary'],
    ['debug-server-linux-x64.tar.gz', 'archive'],
    ['man-linux-x64.tar.gz', 'archive'],
    ['sbomqs-linux-amd64', 'binary'],
  ])('%s: a project named like a non-binary word is still its binary', (name, kind) => {
    expect(fileKind(name).kind).toBe(kind)
  })

  test.each<[string, string, string]>([
    ['app-linux-x64.tar.gz', 'archive', 'tar.gz'],
    ['cargo-binstall-x86_64-unknown-linux-musl.tgz', 'archive', 'tar.gz'],
    ['app-linux-x64.tar.xz', 'archive', 'tar.xz'],
    ['app-linux-x64.tar.zst', 'archive', 'tar.zst'],
    ['app-windows-x64.zip', 'archive', 'zip'],
    ['osv-scanner_linux_amd64', 'binary', ''],
    ['shfmt_v3.13.1_windows_amd64.exe', 'binary', 'exe'],
    ['app-setup-x64.exe', 'installer', 'exe'],
    ['app_1.0_amd64.deb', 'installer', 'deb'],
    ['app-1.0.x86_64.rpm', 'installer', 'rpm'],
    ['app-x64.msi', 'installer', 'msi'],
    ['app-universal.pkg', 'installer', 'pkg'],
    ['app-arm64.dmg', 'installer', 'dmg'],
    ['app-x86_64.AppImage', 'installer', 'appimage'],
    ['app-x86_64.apk', 'installer', 'apk'],
  ])('%s is %s (%s)', (name, kind, format) => {
    expect(fileKind(name)).toMatchObject({ kind, format })
  })

  test.each<[string, RegExp]>([
    ['app-linux-x64.tar.gz.sha256', /checksum/],
    ['SHA256SUMS', /checksum/],
    ['checksums.txt', /checksum/],
    ['grype_0.78.0_checksums.txt', /checksum/],
    ['sha256.sum', /checksum/],
    ['SHASUMS256.txt', /checksum/],
    ['App-1.0.0-mac.zip.blockmap', /about another asset/],
    ['app-x86_64.AppImage.zsync', /about another asset/],
    ['SHA256SUMS.asc', /signature/],
    ['app-linux-x64.tar.gz.sig', /signature/],
    ['app-linux-x64.tar.gz.minisig', /signature/],
    ['app-linux-x64.tar.gz.pem', /signature/],
    ['app-linux-x64.tar.gz.sigstore.json', /signature/],
    ['app-linux-x64.tar.gz.bundle', /signature/],
    ['multiple.intoto.jsonl', /signature/],
    ['app-linux-x64.tar.gz.omnibor', /attestation/],
    ['app.spdx.json', /SBOM/],
    ['app.cdx.json', /SBOM/],
    ['app_1.0_linux_amd64.sbom', /SBOM/],
    ['app-sbom-linux.json', /SBOM/],
    ['app-1.0-src.tar.gz', /source/],
    ['source.tar.gz', /source/],
    ['app-aarch64-apple-darwin.dSYM.zip', /debug/],
    ['app-x86_64-pc-windows-msvc.pdb', /debug/],
    ['app-linux-x64-debug.tar.gz', /debug/],
    ['app-completions.tar.gz', /documentation/],
    ['app-docs.zip', /documentation/],
    ['app-installer.sh', /script/],
    ['app-installer.ps1', /script/],
    ['app-npm-package.tar.gz', /language package/],
    ['app.rb', /metadata/],
    ['dist-manifest.json', /metadata/],
  ])('%s is never the binary', (name, why) => {
    const kind = fileKind(name)
    expect(kind.kind).toBe('other')
    expect(kind.why).toMatch(why)
  })
})
