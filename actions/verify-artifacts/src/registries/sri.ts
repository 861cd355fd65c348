import type { HashAlgorithm } from '@postflight/core'

export interface SriHash {
  algorithm: HashAlgorithm
  base64: string
}

// Strongest first: SRI says a consumer uses the strongest it knows. sha384 is not one we compute.
const STRENGTH: readonly HashAlgorithm[] = ['sha512', 'sha256', 'sha1']

/**
 * The strongest hash of a Subresource Integrity string (`sha512-<base64> sha1-<base64>`, options
 * after `?` ignored) that we can compute, or undefined when it names none.
 */
export function strongestSri(integrity: string | undefined): SriHash | undefined {
  if (!integrity) return undefined
  const found = new Map<string, string>()
  for (const token of integrity.trim().split(/\s+/)) {
    const match = /^(sha\d+)-([A-Za-z0-9+/=_-]+)(\?.*)?$/.exec(token)
    if (match?.[1] && match[2] && !found.has(match[1])) found.set(match[1], match[2])
  }
  for (const algorithm of STRENGTH) {
    const base64 = found.get(algorithm)
    if (base64) return { algorithm, base64 }
  }
  return undefined
}

/** Hex (as the engine stores digests) to the base64 SRI uses. */
export function hexToBase64(hex: string): string {
  return Buffer.from(hex, 'hex').toString('base64')
}

/** Base64 (standard or URL-safe, padded or not) to lower-case hex, for messages users can grep. */
export function base64ToHex(base64: string): string {
  return Buffer.from(base64.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('hex')
}
