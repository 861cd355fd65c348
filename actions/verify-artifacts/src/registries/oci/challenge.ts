/** A `WWW-Authenticate` challenge: its scheme and its parameters (`realm`, `service`, `scope`). */
export interface Challenge {
  scheme: string
  params: Record<string, string>
}

/**
 * Parses the first challenge of a `WWW-Authenticate` header, as registries send them:
 * `Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:a:pull"`.
 * Quoted values may contain commas (scopes with several actions do).
 */
export function parseChallenge(header: string | null): Challenge | undefined {
  if (!header) return undefined
  const match = /^\s*([A-Za-z][\w-]*)\s*(.*)$/.exec(header)
  if (!match?.[1]) return undefined
  const params: Record<string, string> = {}
  const re = /([A-Za-z][\w-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g
  for (const m of (match[2] ?? '').matchAll(re)) {
    if (m[1]) params[m[1].toLowerCase()] = (m[2] ?? m[3] ?? '').replace(/\\(.)/g, '$1')
  }
  return { scheme: match[1].toLowerCase(), params }
}
