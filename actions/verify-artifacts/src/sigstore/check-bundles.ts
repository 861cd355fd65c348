import { readFile } from 'node:fs/promises'
import type { CheckOutcome, SuiteBuilder } from '@postflight/core'
import { sigstoreBundles } from './bundle-name.ts'
import type {
  SigstoreDigestAlgorithm,
  SigstorePolicy,
  SigstoreTrustedRoot,
  SigstoreVerdict,
} from './types.ts'
import { verifySigstoreBundle } from './verify-bundle.ts'

// Real bundles are a few KiB; anything this big named `.bundle` is an asset, not something to parse.
const MAX_BUNDLE_BYTES = 8 * 1024 * 1024

export interface SigstoreFile {
  name: string
  path: string
  size: number
}

export interface CheckSigstoreOptions {
  trustedRoot: SigstoreTrustedRoot
  policy: SigstorePolicy
  /** Digests the engine already computed, by file name: a DSSE bundle is then checked without a re-read. */
  digests?: ReadonlyMap<string, Partial<Record<SigstoreDigestAlgorithm, string>>>
  signal?: AbortSignal
}

/**
 * Records one `sigstore:<subject>` check per Sigstore bundle among `files` (pass, fail, or warn when no
 * identity policy or key was given, like an OpenPGP signature without a public-key). Returns the names
 * whose bytes a valid bundle covers. Which files are bundles is `sigstoreBundles`' answer.
 */
export async function checkSigstoreBundles(
  suite: SuiteBuilder,
  files: readonly SigstoreFile[],
  options: CheckSigstoreOptions,
): Promise<Set<string>> {
  const valid = new Set<string>()
  const byName = new Map(files.map((f) => [f.name, f]))
  const bundles = new Map(sigstoreBundles(files.map((f) => f.name)).map((b) => [b.bundle, b.subject]))
  for (const file of files) {
    if (!bundles.has(file.name)) continue
    const subject = bundles.get(file.name)
    const target = subject ?? file.name.replace(/\.sigstore(\.json)?$/i, '')
    const id = suite.uniqueId(`sigstore:${target}`, `sigstore:${target}@${file.name}`)
    const title = `${target} has a valid Sigstore bundle (${file.name})`
    const artifact = subject === undefined ? undefined : byName.get(subject)
    if (artifact === undefined) {
      suite.add({
        id,
        title,
        status: 'fail',
        message: `${file.name} covers ${target}, which is not in the release`,
      })
      continue
    }
    await suite.run(id, title, async (): Promise<CheckOutcome> => {
      if (file.size > MAX_BUNDLE_BYTES) {
        return {
          status: 'fail',
          message: `${file.name} is ${file.size} bytes, too large to be a Sigstore bundle`,
        }
      }
      const digests = options.digests?.get(artifact.name)
      const verdict = await verifySigstoreBundle({
        bundle: await readFile(file.path),
        artifactPath: artifact.path,
        ...(digests ? { artifactDigests: digests } : {}),
        trustedRoot: options.trustedRoot,
        policy: options.policy,
        offline: true,
        ...(options.signal ? { signal: options.signal } : {}),
      })
      if (verdict.valid) valid.add(artifact.name)
      return outcome(verdict, file.name, options.trustedRoot.source)
    })
  }
  return valid
}

function outcome(verdict: SigstoreVerdict, bundleName: string, rootSource: string): CheckOutcome {
  const evidence: Record<string, unknown> = { bundle: bundleName, trustedRoot: rootSource }
  for (const key of ['mediaType', 'kind', 'logIndex', 'integratedTime', 'predicateType', 'code'] as const) {
    if (verdict[key] !== undefined) evidence[key] = verdict[key]
  }
  if (verdict.signer) evidence.signer = verdict.signer
  if (verdict.valid) {
    const who = verdict.signer?.identity ?? `the given key (hint ${verdict.signer?.keyHint ?? 'none'})`
    const issuer = verdict.signer?.issuer ? ` via ${verdict.signer.issuer}` : ''
    const when = verdict.integratedTime ? `, logged ${verdict.integratedTime}` : ''
    return { status: 'pass', message: `signed by ${who}${issuer}${when}`, evidence }
  }
  // No policy is a gap in the configuration, not evidence against the release.
  const status = verdict.code === 'NO_POLICY' ? 'warn' : 'fail'
  return { status, message: verdict.reason ?? 'the bundle does not verify', evidence }
}
