/** How much of a body a result keeps. */
export const BODY_LIMIT = 500

/**
 * A body as a result keeps it: redacted first (a cut could split a secret and let its head through),
 * then whitespace-trimmed and cut to BODY_LIMIT characters with a marker.
 */
export function trimBody(body: string, redact: (text: string) => string): string {
  const clean = redact(body).trim()
  return clean.length <= BODY_LIMIT
    ? clean
    : `${clean.slice(0, BODY_LIMIT)}… (${clean.length - BODY_LIMIT} more characters)`
}
