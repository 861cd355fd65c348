import { stem } from './file-kind.ts'
import type { Fit } from './fit.ts'
import type { Platform } from './platform.ts'
import type { AssetPreferences } from './prefer.ts'
import { isNativeArchive } from './rank.ts'

// Only to break a tie between one build shipped in several formats (same name but the extension).
const FORMAT_ORDER = ['tar.gz', 'tar.xz', 'tar.zst', 'tar.bz2', 'tar', 'zip', '7z', 'gz', 'xz', 'zst', 'bz2']

function formatRank(format: string, platform: Platform, prefs: AssetPreferences): number[] {
  const wanted = prefs.formats.indexOf(format)
  const order = FORMAT_ORDER.indexOf(format)
  return [
    wanted === -1 ? prefs.formats.length : wanted,
    isNativeArchive(format, platform) ? 0 : 1,
    order === -1 ? FORMAT_ORDER.length : order,
  ]
}

function lexLess(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] ?? 0) < (b[i] ?? 0)
  return false
}

/**
 * Keeps one candidate per build: names that differ only in their archive format (app.tar.gz,
 * app.tar.xz, app.zip) are the same binary, so their order is no ambiguity. The others are reported
 * through `lower` with the reason.
 */
export function sameBuildOnce(
  fits: readonly Fit[],
  platform: Platform,
  prefs: AssetPreferences,
  lower: (name: string, reason: string) => void,
): Fit[] {
  const builds = new Map<string, Fit>()
  for (const fit of fits) {
    const key = `${fit.traits.file.kind}:${stem(fit.traits.name, fit.traits.file).toLowerCase()}`
    const held = builds.get(key)
    if (!held) builds.set(key, fit)
    else {
      const [better, worse] = lexLess(
        formatRank(fit.traits.file.format, platform, prefs),
        formatRank(held.traits.file.format, platform, prefs),
      )
        ? [fit, held]
        : [held, fit]
      builds.set(key, better)
      lower(
        worse.traits.name,
        `the same build as ${better.traits.name} in another format; ${better.traits.file.extension} comes first (prefer, then the native archive format, then ${FORMAT_ORDER.join(' > ')})`,
      )
    }
  }

  return [...builds.values()]
}
