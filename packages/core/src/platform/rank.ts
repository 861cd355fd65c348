import type { Fit } from './fit.ts'
import type { Platform } from './platform.ts'
import { type AssetPreferences, DEFAULT_PREFERENCES } from './prefer.ts'

/** One rule of the ranking: a score (higher wins), what the asset is on it, and why higher wins. */
export interface Rule {
  score(f: Fit): number
  describe(f: Fit): string
  why: string
}

const KIND_WORDS = {
  archive: 'an archive',
  binary: 'a bare binary',
  installer: 'an installer',
  other: 'other',
}
const TAR = new Set(['tar.gz', 'tar.xz', 'tar.bz2', 'tar.zst', 'tar'])

function formatOf(f: Fit): string {
  return f.traits.file.extension || '(no extension)'
}

/** An ARM build's version (armv7 → 7; armhf is Debian's ARMv7 hard-float) and float ABI. */
function armFlavour(f: Fit): { score: number; text: string } {
  const words = [f.arch.word, f.traits.libc?.word ?? ''].filter((w) => w)
  const version = Number(
    /armv(\d)|thumbv(\d)/
      .exec(f.arch.word)
      ?.slice(1)
      .find((d) => d) ?? (f.arch.word === 'armhf' ? 7 : 0),
  )
  const hardFloat = words.some((w) => w.endsWith('hf'))
  const text = `${version ? `ARMv${version}` : 'ARM of no stated version'}${hardFloat ? ' hard-float' : ''} (${words.join(', ') || 'arm'})`
  return { score: version * 2 + (hardFloat ? 1 : 0), text }
}

/** Whether a format is the platform's native archive format: zip on Windows, tar elsewhere. */
export function isNativeArchive(format: string, platform: Platform): boolean {
  return platform.os === 'win32' ? format === 'zip' : TAR.has(format)
}

/**
 * The rules, most important first; two assets are compared on the first rule they differ on.
 * `fits` are the candidates: words every one of them has (`binstall` in cargo-binstall) mark no variant.
 */
export function rankingRules(platform: Platform, prefs: AssetPreferences, fits: readonly Fit[] = []): Rule[] {
  const rules: Rule[] = []
  const shared = new Set(fits[0]?.traits.extra.filter((w) => fits.every((f) => f.traits.extra.includes(w))))
  const variant = (f: Fit) => f.traits.extra.filter((w) => !shared.has(w))
  const reordered = prefs.kinds.join() !== DEFAULT_PREFERENCES.kinds.join()
  if (prefs.formats.length > 0)
    rules.push({
      score: (f) => {
        const i = prefs.formats.indexOf(f.traits.file.format)
        return i === -1 ? 0 : prefs.formats.length - i
      },
      describe: (f) =>
        prefs.formats.includes(f.traits.file.format)
          ? `${formatOf(f)}, a format prefer asks for`
          : `${formatOf(f)}, not a format prefer asks for`,
      why: `prefer (${prefs.words.join(', ')}) asks for ${prefs.formats.join(', ')}`,
    })
  rules.push({
    score: (f) => prefs.kinds.length - prefs.kinds.indexOf(f.traits.file.kind),
    describe: (f) =>
      `${KIND_WORDS[f.traits.file.kind]}${f.traits.file.extension ? ` (${f.traits.file.extension})` : ''}`,
    why: `${prefs.kinds.join(' > ')}${reordered ? ` (prefer: ${prefs.words.join(', ')})` : ' by default; the prefer input reorders them'}`,
  })
  const archOrder = prefs.universal
    ? ['universal', 'exact', 'unspecified']
    : ['exact', 'universal', 'unspecified']
  rules.push({
    score: (f) => 3 - archOrder.indexOf(f.arch.fit),
    describe: (f) =>
      f.arch.fit === 'exact'
        ? `built for ${platform.arch} (${f.arch.word})`
        : f.arch.fit === 'universal'
          ? `a universal build (${f.arch.word})`
          : 'names no architecture',
    why: prefs.universal
      ? 'prefer asks for a universal build over an exact-arch one'
      : 'a build for the exact arch is preferred over a universal one, and both over a name with no arch',
  })
  if (platform.os === 'linux')
    rules.push({
      score: (f) => (f.traits.libc?.value === prefs.libc ? 2 : f.traits.libc === undefined ? 1 : 0),
      describe: (f) =>
        f.traits.libc ? `${f.traits.libc.value} libc (${f.traits.libc.word})` : 'names no C library',
      why:
        prefs.libc === 'musl'
          ? 'musl is preferred over gnu on Linux: a static musl build runs on any distribution (prefer: gnu flips this)'
          : 'prefer asks for gnu (glibc) over musl',
    })
  if (platform.arch === 'arm')
    rules.push({
      score: (f) => armFlavour(f).score,
      describe: (f) => armFlavour(f).text,
      why: "on 32-bit ARM the newest ARM version and hard-float are preferred (Node's own arm builds need ARMv7 hard-float)",
    })
  if (platform.os === 'win32') {
    const wanted = prefs.toolchain === 'msvc' ? 'msvc' : 'gnu'
    rules.push({
      score: (f) => (f.traits.libc?.value === wanted ? 2 : f.traits.libc === undefined ? 1 : 0),
      describe: (f) =>
        f.traits.libc
          ? `${f.traits.libc.value === 'msvc' ? 'MSVC' : 'MinGW'} toolchain (${f.traits.libc.word})`
          : 'names no toolchain',
      why:
        prefs.toolchain === 'msvc'
          ? "MSVC, Windows's own toolchain, is preferred over MinGW (prefer: mingw flips this)"
          : 'prefer asks for MinGW (windows-gnu) over MSVC',
    })
  }
  rules.push({
    score: (f) => (isNativeArchive(f.traits.file.format, platform) ? 1 : 0),
    describe: (f) =>
      isNativeArchive(f.traits.file.format, platform)
        ? `${formatOf(f)}, the native archive format here`
        : `${formatOf(f)}, not the native archive format here`,
    why: `the platform's native archive format (${platform.os === 'win32' ? 'zip on Windows' : 'tar on Linux and macOS'}) breaks a tie`,
  })
  rules.push({
    score: (f) => -variant(f).length,
    describe: (f) =>
      variant(f).length === 0 ? 'a plain build (no variant words)' : `a variant (${variant(f).join(', ')})`,
    why: 'the plainest build, with the fewest words beyond project, version, OS and arch (baseline, pivkey, …), breaks a remaining tie',
  })
  return rules
}

/** Compares two fits rule by rule: negative when `a` ranks higher. Returns the deciding rule too. */
export function compareFits(
  rules: readonly Rule[],
  a: Fit,
  b: Fit,
): { order: number; rule: Rule | undefined } {
  for (const rule of rules) {
    const d = rule.score(b) - rule.score(a)
    if (d !== 0) return { order: d, rule }
  }
  return { order: 0, rule: undefined }
}
