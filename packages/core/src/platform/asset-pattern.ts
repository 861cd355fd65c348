import { PostflightError } from '../errors.ts'
import type { Platform } from './platform.ts'
import { ARCH_ALIASES, BITNESS, OS_ALIASES } from './vocabulary.ts'

export interface PatternContext {
  platform: Platform
  tag?: string | undefined
  version?: string | undefined
}

// Scheme-specific spellings, for templates that should match one scheme only.
const GOOS = { linux: ['linux'], darwin: ['darwin'], win32: ['windows'] }
const GOARCH = { x64: ['amd64'], arm64: ['arm64'], ia32: ['386'], arm: ['arm', 'armv6', 'armv7'] }
const RUST_ARCH = {
  x64: ['x86_64'],
  arm64: ['aarch64'],
  ia32: ['i686', 'i586'],
  arm: ['armv7', 'arm', 'thumbv7neon'],
}
const RUST_OS = {
  linux: ['unknown-linux-gnu', 'unknown-linux-musl', 'unknown-linux-gnueabihf', 'unknown-linux-musleabihf'],
  darwin: ['apple-darwin'],
  win32: ['pc-windows-msvc', 'pc-windows-gnu', 'pc-windows-gnullvm'],
}

/** Every placeholder a template may use, and what it stands for. */
export const ASSET_PLACEHOLDERS: Readonly<Record<string, string>> = {
  version: 'the release version (the tag without a leading v unless a version is given)',
  tag: 'the release tag as written',
  os: 'any common spelling of the OS (linux; darwin, macos, osx, mac; windows, win, win32)',
  arch: 'any common spelling of the arch (x64: x86_64, x86-64, amd64, x64, 64bit; arm64: aarch64, arm64; …)',
  goos: "goreleaser's GOOS (linux, darwin, windows)",
  goarch: "goreleaser's GOARCH (amd64, arm64, 386, arm/armv6/armv7)",
  triple:
    'a Rust target triple for the platform (x86_64-unknown-linux-musl/gnu, aarch64-apple-darwin, x86_64-pc-windows-msvc/gnu, …)',
  ext: 'the native archive extension (zip on Windows; tar.gz, tgz, tar.xz, tar.zst, tar.bz2 elsewhere)',
  exe: '.exe on Windows, nothing elsewhere',
}

const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
const oneOf = (words: readonly string[]) => `(?:${[...new Set(words)].map(literal).join('|')})`

function bad(message: string): PostflightError {
  return new PostflightError('BAD_INPUT', `asset: ${message}`, { field: 'asset' })
}

function aliases(map: ReadonlyMap<string, string>, value: string, skip: readonly string[] = []): string[] {
  return [...map].filter(([word, v]) => v === value && !skip.includes(word)).map(([word]) => word)
}

function placeholder(name: string, ctx: PatternContext): string {
  const { os, arch } = ctx.platform
  switch (name) {
    case 'tag':
      if (!ctx.tag) throw bad('the template uses {tag}, but no tag was given')
      return literal(ctx.tag)
    case 'version': {
      const version = ctx.version ?? ctx.tag?.replace(/^v(?=\d)/, '')
      if (!version) throw bad('the template uses {version}, but neither a version nor a tag was given')
      return literal(version)
    }
    case 'os':
      return oneOf(aliases(OS_ALIASES, os, ['msvc', 'mingw', 'mingw32', 'mingw64']))
    case 'arch': {
      const bits = arch === 'x64' ? ['64bit'] : arch === 'ia32' ? ['32bit'] : []
      return oneOf([...aliases(ARCH_ALIASES, arch), ...bits.filter((b) => BITNESS.has(b))])
    }
    case 'goos':
      return oneOf(GOOS[os])
    case 'goarch':
      return oneOf(GOARCH[arch])
    case 'triple': {
      const triples = RUST_ARCH[arch].flatMap((a) => RUST_OS[os].map((o) => `${a}-${o}`))
      return oneOf(os === 'darwin' ? [...triples, 'universal-apple-darwin'] : triples)
    }
    case 'ext':
      return os === 'win32' ? 'zip' : oneOf(['tar.gz', 'tgz', 'tar.xz', 'txz', 'tar.zst', 'tar.bz2'])
    case 'exe':
      return os === 'win32' ? '\\.exe' : ''
    default:
      throw bad(
        `unknown placeholder {${name}}; expected one of ${Object.keys(ASSET_PLACEHOLDERS)
          .map((p) => `{${p}}`)
          .join(', ')}, or {a,b} for alternatives`,
      )
  }
}

/**
 * Compiles the `asset` input to a whole-name, case-insensitive RegExp. It is a glob (`*`, `?`,
 * `[a-z]`, `{a,b}`) and a template at once: `{name}` placeholders (ASSET_PLACEHOLDERS) expand to
 * the release's values and the platform's spellings, e.g. `app-{version}-{os}-{arch}.{ext}`.
 */
export function compileAssetPattern(pattern: string, ctx: PatternContext): RegExp {
  let out = ''
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string
    if (c === '*') out += '.*'
    else if (c === '?') out += '.'
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2)
      if (end === -1) throw bad(`'[' at ${i + 1} has no closing ']'`)
      out += `[${pattern
        .slice(i + 1, end)
        .replace(/^!/, '^')
        .replace(/\\/g, '\\\\')}]`
      i = end
    } else if (c === '{') {
      const end = pattern.indexOf('}', i)
      if (end === -1) throw bad(`'{' at ${i + 1} has no closing '}'`)
      const inner = pattern.slice(i + 1, end)
      out += inner.includes(',') ? oneOf(inner.split(',')) : placeholder(inner.trim().toLowerCase(), ctx)
      i = end
    } else out += literal(c)
  }
  return new RegExp(`^${out}$`, 'i')
}

/** The names the `asset` input matches, and how to show the input in a reason. */
export function matchAssetPattern(
  pattern: string,
  names: readonly string[],
  ctx: PatternContext,
): { names: string[]; source: string } {
  const re = compileAssetPattern(pattern, ctx)
  return { names: names.filter((n) => re.test(n)), source: JSON.stringify(pattern) }
}
