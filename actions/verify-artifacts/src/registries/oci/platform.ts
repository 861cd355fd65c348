/** An image platform as OCI describes it. */
export interface Platform {
  os: string
  architecture: string
  variant?: string
}

/** `linux/arm64/v8` → { os, architecture, variant }; undefined when it is not `os/arch[/variant]`. */
export function parsePlatform(text: string): Platform | undefined {
  const [os, architecture, variant, extra] = text.trim().toLowerCase().split('/')
  if (!os || !architecture || extra !== undefined) return undefined
  return { os, architecture, ...(variant ? { variant } : {}) }
}

export function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/')
}

/**
 * Whether an image platform satisfies an expected one. An expected platform without a variant
 * accepts any (`linux/arm64` is met by `linux/arm64/v8`), as `docker pull --platform` does.
 */
export function platformMatches(expected: Platform, actual: Platform): boolean {
  return (
    expected.os === actual.os.toLowerCase() &&
    expected.architecture === actual.architecture.toLowerCase() &&
    (expected.variant === undefined || expected.variant === actual.variant?.toLowerCase())
  )
}
