import type { AssetTraits, NameFact } from './asset-name.ts'
import type { Platform } from './platform.ts'

/** An asset that fits the platform, with how well its arch fits. */
export interface Fit {
  traits: AssetTraits
  os: NameFact
  arch: { fit: 'exact' | 'universal' | 'unspecified'; word: string }
}

/** Whether the name fits the platform at all; a reason when it does not. */
export function fitOf(traits: AssetTraits, platform: Platform): Fit | string {
  if (traits.file.kind === 'other') return `${traits.file.why}, never the binary`
  if (traits.os.length === 0) return 'names no operating system'
  const os = traits.os.find((f) => f.value === platform.os)
  if (!os) return `for ${traits.os.map((f) => `${f.value} (${f.word})`).join(', ')}, not ${platform.os}`
  if (traits.arch.length === 0) return { traits, os, arch: { fit: 'unspecified', word: '' } }
  const exact = traits.arch.find((f) => f.value === platform.arch)
  if (exact && traits.arch.length === 1) return { traits, os, arch: { fit: 'exact', word: exact.word } }
  const universal = traits.arch.find((f) => f.value === 'universal') ?? exact
  if (universal)
    return { traits, os, arch: { fit: 'universal', word: traits.arch.map((f) => f.word).join('+') } }
  return `built for ${traits.arch.map((f) => `${f.value} (${f.word})`).join(', ')}, not ${platform.arch}`
}
