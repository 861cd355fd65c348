import { PostflightError } from '@postflight/core'
import type { PlatformSpec } from './types.ts'

/** `os/arch[/variant]` as docker names platforms: linux/amd64, linux/arm/v7. */
export function formatImagePlatform(p: PlatformSpec): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/')
}

/**
 * Reads `linux/arm64` or `linux/arm/v7`. arm64's variant v8 is its only one, so `linux/arm64/v8`
 * and `linux/arm64` name the same platform (as docker treats them).
 */
export function parseImagePlatform(text: string): PlatformSpec {
  const parts = text.trim().split('/')
  const [os, architecture, variant] = parts
  if (parts.length < 2 || parts.length > 3 || !os || !architecture || (parts.length === 3 && !variant)) {
    throw new PostflightError(
      'BAD_INPUT',
      `input 'platforms': '${text}' is not a platform (expected os/arch[/variant], e.g. linux/amd64, linux/arm/v7)`,
      { field: 'platforms' },
    )
  }
  return variant ? { os, architecture, variant } : { os, architecture }
}

/** True when `have` is the platform `want` asks for (a missing variant in `want` matches any). */
export function platformMatches(want: PlatformSpec, have: PlatformSpec): boolean {
  if (want.os !== have.os || want.architecture !== have.architecture) return false
  const normal = (v: string | undefined) => (have.architecture === 'arm64' && v === 'v8' ? undefined : v)
  return want.variant === undefined || normal(want.variant) === normal(have.variant)
}
