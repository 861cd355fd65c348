/**
 * Splits RFC 822-style stanzas (dpkg status, Debian copyright files, Python METADATA headers):
 * `Key: value` lines, continuation lines start with a space or tab, stanzas are separated by a blank
 * line. Keys keep their case; a repeated key keeps every value, joined by a newline.
 */
export function parseStanzas(text: string): Array<Record<string, string>> {
  const stanzas: Array<Record<string, string>> = []
  let current: Record<string, string> = {}
  let last: string | undefined
  const flush = () => {
    if (Object.keys(current).length > 0) stanzas.push(current)
    current = {}
    last = undefined
  }
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') {
      flush()
      continue
    }
    if ((line.startsWith(' ') || line.startsWith('\t')) && last) {
      current[last] = `${current[last]}\n${line.trim()}`
      continue
    }
    const colon = line.indexOf(':')
    if (colon <= 0) continue
    const key = line.slice(0, colon)
    const value = line.slice(colon + 1).trim()
    current[key] = current[key] === undefined ? value : `${current[key]}\n${value}`
    last = key
  }
  flush()
  return stanzas
}
