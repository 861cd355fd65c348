/** A manifest name made usable, or why it cannot be. */
export type NameResult = { ok: true; name: string } | { ok: false; reason: string }

const ESCAPES: Record<string, string> = { '\\': '\\', n: '\n', r: '\r' }

/** Decodes the escapes coreutils writes after a leading backslash: `\\`, `\n` and (since 9.x) `\r`. */
export function unescapeName(raw: string): NameResult {
  let name = ''
  for (let i = 0; i < raw.length; i++) {
    const char = raw[i]
    if (char !== '\\') {
      name += char
      continue
    }
    const decoded = ESCAPES[raw[i + 1] ?? '']
    if (decoded === undefined)
      return { ok: false, reason: `unknown escape "\\${raw[i + 1] ?? ''}" in the file name` }
    name += decoded
    i++
  }
  return { ok: true, name }
}

/**
 * Strips `./` prefixes and refuses names that could point outside the release: absolute paths,
 * drive letters, UNC paths and any `..` segment (split on both separators, since the engine may
 * run on Windows).
 */
export function normalizeName(raw: string): NameResult {
  let name = raw
  while (name.startsWith('./')) name = name.slice(2).replace(/^\/+/, '')
  if (name === '' || name === '.') return { ok: false, reason: 'the file name is empty' }
  if (name.startsWith('/') || name.startsWith('\\') || /^[A-Za-z]:/.test(name)) {
    return { ok: false, reason: `"${name}" is an absolute path; names must be relative to the manifest` }
  }
  if (name.split(/[\\/]/).includes('..')) {
    return { ok: false, reason: `"${name}" climbs out of the release with ".."` }
  }
  return { ok: true, name }
}
