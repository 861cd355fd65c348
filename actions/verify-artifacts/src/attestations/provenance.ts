export const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1'

/** The source a provenance attestation must name; either may be left open. */
export interface SourceExpectation {
  /** owner/name (or a URL ending in it), compared case-insensitively as GitHub does. */
  repository?: string
  /** A full ref (`refs/tags/v1.2.3`) or a short tag/branch name (`v1.2.3`). */
  ref?: string
}

export type ProvenanceOutcome =
  | { ok: true; repository?: string; ref?: string }
  | { ok: false; reason: string }

/** The in-toto statement of a DSSE bundle, read without trust: call only on a bundle that verified. */
export function statementOf(bundle: unknown): { predicateType?: string; predicate?: unknown } {
  const payload = (bundle as { dsseEnvelope?: { payload?: unknown } } | null)?.dsseEnvelope?.payload
  if (typeof payload !== 'string') return {}
  try {
    const statement = JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as {
      predicateType?: unknown
      predicate?: unknown
    }
    return {
      ...(typeof statement.predicateType === 'string' ? { predicateType: statement.predicateType } : {}),
      predicate: statement.predicate,
    }
  } catch {
    return {}
  }
}

/**
 * Checks the source a SLSA v1 provenance predicate (as GitHub's build provenance writes it) names
 * against the expectation: `buildDefinition.externalParameters.workflow.{repository, ref}`, else the
 * first resolved dependency (`git+https://github.com/owner/name@refs/…`).
 */
export function checkProvenanceSource(predicate: unknown, expected: SourceExpectation): ProvenanceOutcome {
  const { repository, ref } = provenanceSource(predicate)
  if (expected.repository !== undefined) {
    if (repository === undefined) return { ok: false, reason: 'the provenance names no source repository' }
    if (repoPath(repository) !== repoPath(expected.repository))
      return {
        ok: false,
        reason: `the provenance names source repository ${repository}, not ${expected.repository}`,
      }
  }
  if (expected.ref !== undefined) {
    if (ref === undefined) return { ok: false, reason: 'the provenance names no source ref' }
    if (!refMatches(ref, expected.ref))
      return { ok: false, reason: `the provenance names source ref ${ref}, not ${expected.ref}` }
  }
  return { ok: true, ...(repository ? { repository } : {}), ...(ref ? { ref } : {}) }
}

/** The source repository and ref a SLSA v1 predicate names, as far as it names them. */
export function provenanceSource(predicate: unknown): { repository?: string; ref?: string } {
  const definition = (predicate as { buildDefinition?: Record<string, unknown> } | null)?.buildDefinition
  const workflow = (definition?.externalParameters as { workflow?: Record<string, unknown> } | undefined)
    ?.workflow
  let repository = typeof workflow?.repository === 'string' ? workflow.repository : undefined
  let ref = typeof workflow?.ref === 'string' ? workflow.ref : undefined
  const deps = definition?.resolvedDependencies
  const uri = Array.isArray(deps) ? (deps[0] as { uri?: unknown } | undefined)?.uri : undefined
  if (typeof uri === 'string') {
    const m = /^git\+(.+?)@(refs\/.+)$/.exec(uri)
    if (m) {
      repository ??= m[1]
      ref ??= m[2]
    }
  }
  return { ...(repository ? { repository } : {}), ...(ref ? { ref } : {}) }
}

/** `owner/name` of a repository given as `owner/name` or as a URL, lower-cased, `.git` dropped. */
function repoPath(value: string): string {
  const trimmed = value
    .trim()
    .replace(/\.git$/i, '')
    .replace(/\/+$/, '')
  const parts = trimmed.split('/')
  return parts.slice(-2).join('/').toLowerCase()
}

/** A full ref must equal; a short name matches the tag or the branch of that name. */
function refMatches(actual: string, expected: string): boolean {
  if (expected.startsWith('refs/')) return actual === expected
  return actual === `refs/tags/${expected}` || actual === `refs/heads/${expected}`
}
