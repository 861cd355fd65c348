/** The shape of one manifest line, before names are decoded and algorithms decided. */
export type LineSyntax =
  | { kind: 'tagged'; tag: string; hex: string; rawName: string; escaped: boolean }
  | { kind: 'plain'; hex: string; rawName: string; escaped: boolean; binaryMode?: boolean }
  | { kind: 'bare'; hex: string }
  | { kind: 'unknown' }

// `SHA256 (name) = hex` (coreutils/shasum --tag), `SHA2-256(name)= hex` (OpenSSL 3),
// `SHA256(name)= hex` (OpenSSL 1.x). The name may hold parentheses; the anchored tail decides.
const TAGGED = /^(?<tag>[A-Za-z][A-Za-z0-9-]*) ?\((?<name>.+)\) ?= ?(?<hex>[0-9A-Fa-f]+)$/

// `hex  name` (text), `hex *name` (binary), and the single-separator `hex name` that BSD
// `md5 -r` and hand-written files use. Fewer than 32 digits is prose, not a digest.
const PLAIN = /^(?<hex>[0-9A-Fa-f]{32,})[ \t](?<mode>[ *]?)(?<name>.+)$/

const BARE = /^[0-9A-Fa-f]{32,}$/

/** Recognises the layout of one non-blank, non-comment line, already trimmed of surrounding whitespace. */
export function readLineSyntax(line: string): LineSyntax {
  // coreutils marks a line whose name needed escaping with a leading backslash.
  const escaped = line.startsWith('\\')
  const body = escaped ? line.slice(1) : line

  const tagged = TAGGED.exec(body)?.groups
  if (tagged?.tag && tagged.name && tagged.hex) {
    return { kind: 'tagged', tag: tagged.tag, hex: tagged.hex, rawName: tagged.name, escaped }
  }

  const plain = PLAIN.exec(body)?.groups
  if (plain?.hex && plain.name) {
    const mode = plain.mode
    return {
      kind: 'plain',
      hex: plain.hex,
      rawName: plain.name,
      escaped,
      ...(mode === '*' ? { binaryMode: true } : mode === ' ' ? { binaryMode: false } : {}),
    }
  }

  if (!escaped && BARE.test(body)) return { kind: 'bare', hex: body }
  return { kind: 'unknown' }
}
