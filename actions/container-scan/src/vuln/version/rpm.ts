// RPM version ordering (rpmvercmp from rpm's lib/rpmvercmp.c): epoch, then version, then release, each
// split into alphanumeric segments; `~` sorts before everything, `^` after the base version but before
// anything else. Hand-written: no maintained npm package implements it, and it is short.

function segments(s: string): string[] {
  return s.match(/~|\^|\d+|[a-zA-Z]+/g) ?? []
}

function compareSegments(a: string, b: string): number {
  const x = segments(a)
  const y = segments(b)
  for (let i = 0; ; i++) {
    const s = x[i]
    const t = y[i]
    if (s === '~' || t === '~') {
      if (s !== t) return s === '~' ? -1 : 1
      continue
    }
    if (s === '^' || t === '^') {
      if (s === undefined) return -1
      if (t === undefined) return 1
      if (s !== t) return s === '^' ? -1 : 1
      continue
    }
    if (s === undefined || t === undefined) return s === t ? 0 : s === undefined ? -1 : 1
    const sNum = /^\d/.test(s)
    const tNum = /^\d/.test(t)
    if (sNum !== tNum) return sNum ? 1 : -1
    if (sNum) {
      const diff = BigInt(s) - BigInt(t)
      if (diff !== 0n) return diff < 0n ? -1 : 1
    } else if (s !== t) return s < t ? -1 : 1
  }
}

/** Compares two `[epoch:]version[-release]` RPM versions: negative, zero or positive. */
export function compareRpm(a: string, b: string): number {
  const split = (v: string): [number, string, string] => {
    const colon = v.indexOf(':')
    const epoch = colon > 0 ? Number(v.slice(0, colon)) || 0 : 0
    const rest = colon > 0 ? v.slice(colon + 1) : v
    const dash = rest.lastIndexOf('-')
    return [epoch, dash >= 0 ? rest.slice(0, dash) : rest, dash >= 0 ? rest.slice(dash + 1) : '']
  }
  const [ea, va, ra] = split(a.trim())
  const [eb, vb, rb] = split(b.trim())
  if (ea !== eb) return ea < eb ? -1 : 1
  return compareSegments(va, vb) || (ra && rb ? compareSegments(ra, rb) : 0)
}
