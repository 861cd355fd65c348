/** Percent-encodes a purl segment as the purl spec asks (https://github.com/package-url/purl-spec). */
function enc(s: string): string {
  return encodeURIComponent(s).replace(/%3A/gi, ':')
}

/**
 * A Package URL. Hand-written: the packageurl-js package would do the same few lines of encoding,
 * and the qualifiers here are always plain strings.
 */
export function purl(
  type: string,
  namespace: string | undefined,
  name: string,
  version: string,
  qualifiers: Record<string, string | undefined> = {},
): string {
  const ns = namespace ? `${namespace.split('/').map(enc).join('/')}/` : ''
  const q = Object.entries(qualifiers)
    .filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${enc(v)}`)
    .join('&')
  return `pkg:${type}/${ns}${enc(name)}@${enc(version)}${q ? `?${q}` : ''}`
}
