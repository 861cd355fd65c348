import type { SuiteBuilder } from '@postflight/core'
import {
  formatImagePlatform,
  parseImagePlatform,
  platformMatches,
  type ResolvedImage,
} from '../image/open-image.ts'
import type { PlatformImage } from '../image/types.ts'

/**
 * Multi-arch completeness: each requested platform must be in the image (a `platform:<p>` check
 * each); the images to scan are the requested ones, or every platform when none is requested.
 */
export function selectPlatforms(
  suite: SuiteBuilder,
  resolved: ResolvedImage,
  requested: string[] | undefined,
): PlatformImage[] {
  const have = resolved.images.map((i) => i.platform)
  if (!requested || requested.length === 0) return resolved.images
  const chosen: PlatformImage[] = []
  for (const text of requested) {
    const want = parseImagePlatform(text)
    const label = formatImagePlatform(want)
    const match = resolved.images.find((i) => platformMatches(want, parseImagePlatform(i.platform)))
    if (match) {
      if (!chosen.includes(match)) chosen.push(match)
      suite.add({
        id: `platform:${label}`,
        title: `The image is built for ${label}`,
        status: 'pass',
        message: `${label}: manifest ${match.manifestDigest}`,
        evidence: { manifest: match.manifestDigest },
      })
    } else {
      suite.add({
        id: `platform:${label}`,
        title: `The image is built for ${label}`,
        status: 'fail',
        message: `${resolved.name} has no ${label} image; it has ${have.join(', ') || 'none'}`,
        evidence: { available: have },
      })
    }
  }
  return chosen
}
