/** One `WWW-Authenticate` challenge: its scheme (lower case) and parameters (keys lower case). */
export interface AuthChallenge {
  scheme: string
  params: Record<string, string>
}

/**
 * Reads the first challenge of a `WWW-Authenticate` header as registries send it, e.g.
 * `Bearer realm="https://auth.example/token",service="registry",scope="repository:a/b:pull,push"`.
 * Hand-written because no kept npm package parses RFC 7235 challenges alone; quoted values keep
 * their commas, and backslash escapes are undone.
 */
export function parseAuthChallenge(header: string | null | undefined): AuthChallenge | undefined {
  if (!header) return undefined
  const head = /^\s*([A-Za-z][\w-]*)(?:\s+|$)/.exec(header)
  if (!head?.[1]) return undefined
  const params: Record<string, string> = {}
  const rest = header.slice(head[0].length)
  const pair = /\s*([A-Za-z][\w-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]*))\s*(?:,|$)/y
  for (let m = pair.exec(rest); m; m = pair.exec(rest)) {
    if (m[1]) params[m[1].toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '')
    if (pair.lastIndex >= rest.length) break
  }
  return { scheme: head[1].toLowerCase(), params }
}
