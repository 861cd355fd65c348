import { PostflightError } from '../errors.ts'
import type { AssetKind } from './file-kind.ts'

/** How to break the choices the platform leaves open; see PREFER_WORDS for the words that set them. */
export interface AssetPreferences {
  /** Linux C library: musl (static, runs on any distribution) unless told otherwise. */
  libc: 'musl' | 'gnu'
  /** Windows toolchain: MSVC (the platform's own) unless told otherwise. */
  toolchain: 'msvc' | 'mingw'
  /** Kinds in order of preference. */
  kinds: AssetKind[]
  /** A universal binary before an exact-arch one. */
  universal: boolean
  /** Formats asked for by name, most wanted first; they outrank everything but OS and arch fit. */
  formats: string[]
  /** The words as given, for evidence. */
  words: string[]
}

export const DEFAULT_PREFERENCES: AssetPreferences = {
  libc: 'musl',
  toolchain: 'msvc',
  kinds: ['archive', 'binary', 'installer'],
  universal: false,
  formats: [],
  words: [],
}

const FORMAT_WORDS: ReadonlyMap<string, string> = new Map([
  ['tar.gz', 'tar.gz'],
  ['tgz', 'tar.gz'],
  ['tar.xz', 'tar.xz'],
  ['txz', 'tar.xz'],
  ['tar.zst', 'tar.zst'],
  ['tar.bz2', 'tar.bz2'],
  ['zip', 'zip'],
  ['7z', '7z'],
  ['exe', 'exe'],
  ['deb', 'deb'],
  ['rpm', 'rpm'],
  ['apk', 'apk'],
  ['appimage', 'appimage'],
  ['snap', 'snap'],
  ['flatpak', 'flatpak'],
  ['msi', 'msi'],
  ['msix', 'msix'],
  ['pkg', 'pkg'],
  ['dmg', 'dmg'],
])

/** Every word the `prefer` input accepts (a literal, so bundles that never use it can drop it). */
export const PREFER_WORDS: readonly string[] = [
  'musl',
  'gnu',
  'glibc',
  'msvc',
  'mingw',
  'windows-gnu',
  'archive',
  'binary',
  'installer',
  'universal',
  'tar.gz',
  'tgz',
  'tar.xz',
  'txz',
  'tar.zst',
  'tar.bz2',
  'zip',
  '7z',
  'exe',
  'deb',
  'rpm',
  'apk',
  'appimage',
  'snap',
  'flatpak',
  'msi',
  'msix',
  'pkg',
  'dmg',
]

function bad(message: string): PostflightError {
  return new PostflightError('BAD_INPUT', `prefer: ${message}`, { field: 'prefer' })
}

/**
 * Parses the `prefer` input: words separated by commas, spaces or lines (or a list of them).
 * `gnu` flips Linux's musl-over-gnu, `mingw` Windows's MSVC-over-MinGW, a kind (`installer`) moves
 * to the front of archive > binary > installer, `universal` ranks universal binaries over exact
 * ones, and a format (`zip`, `deb`) is wanted over any other format that fits the platform.
 */
export function parsePreferences(input: string | readonly string[] | undefined): AssetPreferences {
  const words = (typeof input === 'string' ? [input] : (input ?? []))
    .flatMap((s) => s.split(/[\s,]+/))
    .map((s) => s.trim().toLowerCase().replace(/^\./, ''))
    .filter((s) => s.length > 0)
  const prefs: AssetPreferences = { ...DEFAULT_PREFERENCES, kinds: [], formats: [], words }
  let libc: string | undefined
  let toolchain: string | undefined
  for (const word of words) {
    const format = FORMAT_WORDS.get(word)
    if (format) prefs.formats.push(format)
    else if (word === 'musl' || word === 'gnu' || word === 'glibc') {
      const value = word === 'musl' ? 'musl' : 'gnu'
      if (libc && libc !== value) throw bad(`'${libc}' and '${word}' ask for both C libraries; give one`)
      libc = value
      prefs.libc = value
    } else if (word === 'msvc' || word === 'mingw' || word === 'windows-gnu') {
      const value = word === 'msvc' ? 'msvc' : 'mingw'
      if (toolchain && toolchain !== value) throw bad(`'${toolchain}' and '${word}' ask for both toolchains`)
      toolchain = value
      prefs.toolchain = value
    } else if (word === 'archive' || word === 'binary' || word === 'installer') {
      if (!prefs.kinds.includes(word)) prefs.kinds.push(word)
    } else if (word === 'universal') prefs.universal = true
    else throw bad(`unknown word ${JSON.stringify(word)}; expected any of ${PREFER_WORDS.join(', ')}`)
  }
  for (const kind of DEFAULT_PREFERENCES.kinds) if (!prefs.kinds.includes(kind)) prefs.kinds.push(kind)
  return prefs
}
