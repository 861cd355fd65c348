import type { Envelope } from '@sigstore/bundle'

export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json'

export interface InTotoSubject {
  name?: string
  digest: Record<string, string>
}

export type StatementRead =
  | { ok: true; subjects: InTotoSubject[]; predicateType?: string; algorithms: string[] }
  | { ok: false; reason: string }

/**
 * Reads the in-toto statement a DSSE envelope carries. The envelope's signature covers the statement,
 * not the artifact, so the statement's subject digests are what tie the bundle to a release file.
 */
export function readStatement(envelope: Envelope): StatementRead {
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    return {
      ok: false,
      reason: `The DSSE payload is ${JSON.stringify(envelope.payloadType)}, not an in-toto statement (${IN_TOTO_PAYLOAD_TYPE}), so nothing says which artifact it covers.`,
    }
  }
  let statement: unknown
  try {
    statement = JSON.parse(Buffer.from(envelope.payload).toString('utf8'))
  } catch {
    return { ok: false, reason: 'The DSSE payload is not valid JSON, so it is not an in-toto statement.' }
  }
  const { subject, predicateType } = (statement ?? {}) as { subject?: unknown; predicateType?: unknown }
  const subjects = Array.isArray(subject) ? subject.filter(isSubject) : []
  if (subjects.length === 0)
    return { ok: false, reason: 'The in-toto statement has no subject with a digest.' }
  const algorithms = [...new Set(subjects.flatMap((s) => Object.keys(s.digest).map((a) => a.toLowerCase())))]
  return {
    ok: true,
    subjects,
    algorithms,
    ...(typeof predicateType === 'string' ? { predicateType } : {}),
  }
}

/** The subject whose digests agree with the artifact's on at least one algorithm and disagree on none. */
export function matchingSubject(
  subjects: readonly InTotoSubject[],
  artifactDigests: Readonly<Record<string, string>>,
): InTotoSubject | undefined {
  return subjects.find((s) => {
    const shared = Object.entries(s.digest).filter(([a]) => artifactDigests[a.toLowerCase()] !== undefined)
    return (
      shared.length > 0 && shared.every(([a, hex]) => artifactDigests[a.toLowerCase()] === hex.toLowerCase())
    )
  })
}

/** `name sha256:abcd…` for each subject, for a message that says what the bundle does cover. */
export function describeSubjects(subjects: readonly InTotoSubject[]): string {
  return subjects
    .slice(0, 5)
    .map((s) => {
      const [algorithm, hex] = Object.entries(s.digest)[0] ?? ['?', '?']
      return `${s.name ?? '(unnamed)'} ${algorithm}:${hex.slice(0, 16)}…`
    })
    .join('; ')
}

function isSubject(value: unknown): value is InTotoSubject {
  const digest = (value as { digest?: unknown } | null)?.digest
  return (
    typeof digest === 'object' &&
    digest !== null &&
    Object.values(digest).length > 0 &&
    Object.values(digest).every((hex) => typeof hex === 'string')
  )
}
