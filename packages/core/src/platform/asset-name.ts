import { type FileKind, FORMAT_OS, fileKind, stem } from './file-kind.ts'
import { ARCH_ALIASES, BITNESS, LIBC_ALIASES, OS_ALIASES, OS_ARCH_WORDS, OS_PATTERNS } from './vocabulary.ts'

/** A fact read from a name, with the word it was read from (the evidence). */
export interface NameFact<T extends string = string> {
  value: T
  word: string
}

/** What an asset's name says about it. */
export interface AssetTraits {
  name: string
  file: FileKind
  /** Every OS the name names (Node's names); empty when it names none. */
  os: NameFact[]
  /** Every arch the name names (Node's names, or `universal`); empty when it names none. */
  arch: NameFact[]
  /** The C library (Linux) or toolchain (Windows: `gnu` is MinGW) the name names. */
  libc: NameFact<'gnu' | 'musl' | 'msvc'> | undefined
  /** Words past the first (the project) that say none of the above and are no version: a variant's marks. */
  extra: string[]
}

// Vendor parts of target triples and a version's digits say nothing about the build's variant.
const NEUTRAL = new Set(['unknown', 'pc', 'apple', 'none'])
const VERSION = /^v?\d/

// `x86_64` and `x86-64` before the split so they stay one word; dots only split when no digit
// follows, so a version (`v1.20.0`) stays one word and never reads as an arch (`386`).
const WORD = /x86[-_]64|[a-z0-9]+(?:\.\d[a-z0-9]*)*/g

/** The lower-cased words of a name, without its format extension. */
export function nameWords(name: string): string[] {
  return stem(name, fileKind(name)).toLowerCase().match(WORD) ?? []
}

function addOnce(list: NameFact[], value: string, word: string): void {
  if (!list.some((f) => f.value === value)) list.push({ value, word })
}

/** Reads the OS, arch and C library a release file is built for from its name. */
export function readAssetName(name: string): AssetTraits {
  const file = fileKind(name)
  const os: NameFact[] = []
  const arch: NameFact[] = []
  let libc: AssetTraits['libc']
  let bitness: NameFact<'64' | '32'> | undefined
  const extra: string[] = []
  const words = nameWords(name)
  for (const [i, word] of words.entries()) {
    const both = OS_ARCH_WORDS.get(word)
    if (both) {
      addOnce(os, both[0], word)
      addOnce(arch, both[1], word)
      continue
    }
    const o = OS_ALIASES.get(word) ?? OS_PATTERNS.find(([re]) => re.test(word))?.[1]
    if (o) addOnce(os, o, word)
    const a = ARCH_ALIASES.get(word)
    if (a) addOnce(arch, a, word)
    const l = LIBC_ALIASES.get(word)
    if (l && !libc) libc = { value: l, word }
    const b = BITNESS.get(word)
    if (b) bitness = { value: b === 64 ? '64' : '32', word }
    if (i > 0 && !o && !a && !l && !b && !NEUTRAL.has(word) && !VERSION.test(word)) extra.push(word)
  }
  if (bitness) {
    // trivy's `Linux-ARM` + `64bit` style: the bitness qualifies an `arm` word when there is one.
    const arm = arch.findIndex((f) => f.value === 'arm')
    const value =
      arm === -1 ? (bitness.value === '64' ? 'x64' : 'ia32') : bitness.value === '64' ? 'arm64' : 'arm'
    if (arm !== -1) arch.splice(arm, 1)
    addOnce(arch, value, bitness.word)
  }
  const implied = FORMAT_OS.get(file.format)
  if (os.length === 0 && implied) os.push({ value: implied, word: file.extension })
  return { name, file, os, arch, libc, extra }
}
