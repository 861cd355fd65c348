import type { CheckOutcome } from '@postflight/core'
import { base64ToHex, type SriHash } from './sri.ts'

/** The part of a packument's version entry these checks read. */
export interface NpmDist {
  tarball?: string
  integrity?: string
  shasum?: string
  attestations?: { url?: string; provenance?: { predicateType?: string } }
}

/** The registry's hash of the tarball against the same algorithm over the release's file. */
export function integrityOutcome(
  fileName: string,
  registry: SriHash,
  releaseHex: string,
  registryIntegrity: string,
): CheckOutcome {
  const expected = base64ToHex(registry.base64)
  const evidence = { file: fileName, algorithm: registry.algorithm, registry: registryIntegrity }
  if (expected !== releaseHex) {
    return {
      status: 'fail',
      message: `${fileName} is not the tarball npm serves: the registry's ${registry.algorithm} is ${expected}, the release's file has ${releaseHex}`,
      evidence: { ...evidence, expected, actual: releaseHex },
    }
  }
  // A package published before npm 5 has only sha1, which can be forged: it proves nothing.
  if (registry.algorithm === 'sha1') {
    return {
      status: 'warn',
      message: `${fileName} matches the registry's sha1, the only hash it records; sha1 can be forged`,
      evidence,
    }
  }
  return { status: 'pass', message: `${fileName} has the registry's ${registry.algorithm}`, evidence }
}

/** Provenance published with the version (`npm publish --provenance`): reported; required only when asked. */
export function attestationsOutcome(dist: NpmDist, required: boolean): CheckOutcome {
  const att = dist.attestations
  if (att?.url) {
    return {
      status: 'pass',
      message: `attestations published${att.provenance?.predicateType ? ` (${att.provenance.predicateType})` : ''}`,
      evidence: {
        url: att.url,
        ...(att.provenance?.predicateType ? { predicateType: att.provenance.predicateType } : {}),
      },
    }
  }
  return required
    ? {
        status: 'warn',
        message: 'no attestations were published with this version; publish with `npm publish --provenance`',
      }
    : { status: 'skip', message: 'no attestations were published with this version (not required)' }
}
