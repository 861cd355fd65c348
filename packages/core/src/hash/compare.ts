import { timingSafeEqual } from 'node:crypto'

const HEX = /^[0-9a-f]+$/

/**
 * Compares two hex digests case-insensitively in constant time (for equal lengths; a length is not a
 * secret). Empty or non-hex input never matches, so a blank expected digest cannot pass a check.
 */
export function timingSafeEqualHex(a: string, b: string): boolean {
  const left = a.trim().toLowerCase()
  const right = b.trim().toLowerCase()
  if (!HEX.test(left) || !HEX.test(right) || left.length !== right.length) return false
  return timingSafeEqual(Buffer.from(left, 'latin1'), Buffer.from(right, 'latin1'))
}
