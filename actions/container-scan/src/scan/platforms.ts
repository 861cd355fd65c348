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
  if (!requested || requested.length === 0) return distinctLabels(resolved.images)
  const chosen: PlatformImage[] = []
  const asked = new Set<string>()
  for (const text of requested) {
    const want = parseImagePlatform(text)
    const label = formatImagePlatform(want)
    if (asked.has(label)) continue
    asked.add(label)
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
  return distinctLabels(chosen)
}

/**
 * Check ids are per platform, so two images of one platform (Windows images of several OS
 * versions do this) are told apart as `linux/amd64` and `linux/amd64#2`.
 */
function distinctLabels(images: PlatformImage[]): PlatformImage[] {
  const seen = new Map<string, number>()
  return images.map((image) => {
    const n = (seen.get(image.platform) ?? 0) + 1
    seen.set(image.platform, n)
    return n === 1 ? image : { ...image, platform: `${image.platform}#${n}` }
  })
}
