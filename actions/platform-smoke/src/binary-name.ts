import { fileKind, nameWords, readAssetName } from '@postflight/core'

const VERSION_WORD = /^v?\d/

/**
 * The project name an asset is named after: its name up to the first word that is a version or
 * names an OS, arch or C library (`ripgrep-14.1.0-x86_64-unknown-linux-musl.tar.gz` → `ripgrep`,
 * `my_tool_Linux_x86_64.tar.gz` → `my_tool`), with the separators as written. The default of `binary`.
 */
export function binaryNameFromAsset(asset: string): string {
  const traits = readAssetName(asset)
  const platformWords = new Set(
    [...traits.os, ...traits.arch, ...(traits.libc ? [traits.libc] : [])].map((f) => f.word),
  )
  const words = nameWords(asset)
  const stop = words.findIndex((w, i) => i > 0 && (VERSION_WORD.test(w) || platformWords.has(w)))
  const kind = fileKind(asset)
  const base = kind.extension ? asset.slice(0, asset.length - kind.extension.length) : asset
  if (stop === -1) return base.replace(/\.exe$/i, '')
  // Cut the written name where the stop word begins, at a separator.
  const lower = base.toLowerCase()
  const stopWord = words[stop] as string
  let at = -1
  for (let from = 0; ; ) {
    const i = lower.indexOf(stopWord, from)
    if (i === -1) break
    if (i > 0 && /[-_.\s]/.test(lower[i - 1] ?? '')) {
      at = i
      break
    }
    from = i + 1
  }
  const head = at === -1 ? (words[0] as string) : base.slice(0, at)
  return head.replace(/[-_.\s]+$/, '')
}
