// The words release names use for operating systems, architectures and C libraries, mapped to
// Node's names. Names outside Node's four target arches (ppc64le, s390x, riscv64 …) are kept so an
// asset built for them is rejected as "built for s390x", not misread as "names no architecture".

/** Alias → Node's `process.platform` name (or the OS's own name when Postflight does not target it). */
export const OS_ALIASES: ReadonlyMap<string, string> = new Map([
  ['linux', 'linux'],
  ['darwin', 'darwin'],
  ['macos', 'darwin'],
  ['macosx', 'darwin'],
  ['osx', 'darwin'],
  ['mac', 'darwin'],
  ['windows', 'win32'],
  ['win', 'win32'],
  ['win32', 'win32'],
  ['msvc', 'win32'],
  ['mingw', 'win32'],
  ['mingw32', 'win32'],
  ['mingw64', 'win32'],
  // Distribution names stand for Linux (alpine also says musl, below).
  ['ubuntu', 'linux'],
  ['debian', 'linux'],
  ['alpine', 'linux'],
  ['centos', 'linux'],
  ['fedora', 'linux'],
  ['rhel', 'linux'],
  ['manylinux', 'linux'],
  ['musllinux', 'linux'],
  ['freebsd', 'freebsd'],
  ['netbsd', 'netbsd'],
  ['openbsd', 'openbsd'],
  ['dragonfly', 'dragonfly'],
  ['illumos', 'illumos'],
  ['solaris', 'sunos'],
  ['sunos', 'sunos'],
  ['aix', 'aix'],
  ['android', 'android'],
  ['ios', 'ios'],
  ['wasi', 'wasi'],
  ['haiku', 'haiku'],
  ['plan9', 'plan9'],
])

/** Alias → Node's `process.arch` name; `universal` marks a binary that runs on every arch of its OS. */
export const ARCH_ALIASES: ReadonlyMap<string, string> = new Map([
  ['x86_64', 'x64'],
  ['x86-64', 'x64'],
  ['amd64', 'x64'],
  ['x64', 'x64'],
  ['intel', 'x64'],
  ['aarch64', 'arm64'],
  ['arm64', 'arm64'],
  ['armv8', 'arm64'],
  ['silicon', 'arm64'],
  ['i386', 'ia32'],
  ['i486', 'ia32'],
  ['i586', 'ia32'],
  ['i686', 'ia32'],
  ['386', 'ia32'],
  ['x86', 'ia32'],
  ['ia32', 'ia32'],
  ['arm', 'arm'],
  ['arm32', 'arm'],
  ['armel', 'arm'],
  ['armhf', 'arm'],
  ['armv5', 'arm'],
  ['armv5te', 'arm'],
  ['armv6', 'arm'],
  ['armv6l', 'arm'],
  ['armv6hf', 'arm'],
  ['armv7', 'arm'],
  ['armv7l', 'arm'],
  ['armv7a', 'arm'],
  ['armv7hf', 'arm'],
  ['thumbv7neon', 'arm'],
  ['universal', 'universal'],
  ['universal2', 'universal'],
  ['fat', 'universal'],
  ['all', 'universal'],
  ['noarch', 'universal'],
  ['ppc64le', 'ppc64le'],
  ['powerpc64le', 'ppc64le'],
  ['ppc64', 'ppc64'],
  ['powerpc64', 'ppc64'],
  ['ppc', 'ppc'],
  ['powerpc', 'ppc'],
  ['s390x', 's390x'],
  ['riscv64', 'riscv64'],
  ['riscv64gc', 'riscv64'],
  ['loong64', 'loong64'],
  ['loongarch64', 'loong64'],
  ['mips', 'mips'],
  ['mipsel', 'mipsel'],
  ['mipsle', 'mipsel'],
  ['mips64', 'mips64'],
  ['mips64el', 'mips64el'],
  ['mips64le', 'mips64el'],
  ['sparc64', 'sparc64'],
  ['wasm32', 'wasm32'],
  ['wasm', 'wasm32'],
])

/** Words that name an OS and an arch at once (jq's `linux64`, `win64`). */
export const OS_ARCH_WORDS: ReadonlyMap<string, readonly [string, string]> = new Map([
  ['linux64', ['linux', 'x64']],
  ['linux32', ['linux', 'ia32']],
  ['win64', ['win32', 'x64']],
  ['osx64', ['darwin', 'x64']],
])

/** Words with a version number in them (`macos11`, `osx10`) that still name an OS. */
export const OS_PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(macos|macosx|osx)\d+$/, 'darwin'],
  [/^(ubuntu|debian|alpine|centos|fedora|rhel)\d+$/, 'linux'],
]

/** trivy's `Linux-64bit`/`Linux-32bit`: a bitness that means x64/ia32, or arm64/arm beside `arm`. */
export const BITNESS: ReadonlyMap<string, 64 | 32> = new Map([
  ['64bit', 64],
  ['32bit', 32],
])

/** C library (Linux) or toolchain (Windows) words; `gnu` means glibc on Linux and MinGW on Windows. */
export const LIBC_ALIASES: ReadonlyMap<string, 'gnu' | 'musl' | 'msvc'> = new Map([
  ['musl', 'musl'],
  ['musleabi', 'musl'],
  ['musleabihf', 'musl'],
  ['muslabi64', 'musl'],
  ['alpine', 'musl'],
  ['musllinux', 'musl'],
  ['gnu', 'gnu'],
  ['glibc', 'gnu'],
  ['gnueabi', 'gnu'],
  ['gnueabihf', 'gnu'],
  ['gnuabi64', 'gnu'],
  ['gnullvm', 'gnu'],
  ['mingw', 'gnu'],
  ['mingw32', 'gnu'],
  ['mingw64', 'gnu'],
  ['msvc', 'msvc'],
])
