import { readFile } from 'node:fs/promises'
import type { EngineContext, SuiteBuilder } from '@postflight/core'
import type { ParsedManifest } from '../manifest/index.ts'
import type { ReleaseFile, ReleaseFolder } from '../release-folder.ts'
import type { LoadedKey } from '../signature/index.ts'

const SIGNATURE_EXT = /\.(asc|sig|gpg)$/i

/**
 * Verifies every detached signature against the given keys only. Returns the names whose bytes a
 * valid signature covers.
 */
export async function checkSignatures(
  suite: SuiteBuilder,
  folder: ReleaseFolder,
  keys: readonly LoadedKey[] | undefined,
  ctx: EngineContext,
): Promise<Set<string>> {
  const valid = new Set<string>()
  const byName = new Map(folder.files.map((f) => [f.name, f]))
  const seenTargets = new Set<string>()
  for (const sig of folder.signatures) {
    const targetName = sig.name.replace(SIGNATURE_EXT, '')
    const target = byName.get(targetName)
    const id = seenTargets.has(targetName) ? `signature:${targetName}@${sig.name}` : `signature:${targetName}`
    seenTargets.add(targetName)
    const title = `${targetName} has a valid OpenPGP signature (${sig.name})`
    if (!target) {
      suite.add({
        id,
        title,
        status: 'fail',
        message: `${sig.name} signs ${targetName}, which is not in the release`,
      })
      continue
    }
    if (!keys || keys.length === 0) {
      suite.add({
        id,
        title,
        status: 'warn',
        message: `${sig.name} was not verified: no public-key was given`,
      })
      continue
    }
    await suite.run(id, title, async () => {
      // openpgp loads only when there is a signature to check with a key.
      const { verifyDetachedSignature } = await import('../signature/verify-detached.ts')
      const verdict = await verifyDetachedSignature({
        dataPath: target.path,
        signature: await readFile(sig.path),
        keys: [...keys],
        signal: ctx.signal,
      })
      const evidence: Record<string, unknown> = { signature: sig.name }
      if (verdict.signerFingerprint) evidence.fingerprint = verdict.signerFingerprint
      if (verdict.signerKeyId) evidence.keyId = verdict.signerKeyId
      if (verdict.signedAt) evidence.signedAt = verdict.signedAt
      if (verdict.valid) {
        valid.add(targetName)
        return {
          status: 'pass',
          message: `signed by ${verdict.signerFingerprint ?? verdict.signerKeyId ?? 'a given key'}`,
          evidence,
        }
      }
      return { status: 'fail', message: verdict.reason ?? 'the signature does not verify', evidence }
    })
  }
  return valid
}

/**
 * With signatures required, every manifest must be signed, and every asset must be signed itself or
 * be listed, with a matching digest, in a signed manifest.
 */
export function checkSignatureCoverage(
  suite: SuiteBuilder,
  folder: ReleaseFolder,
  manifests: readonly ParsedManifest[],
  vouched: Map<string, Set<string>>,
  signed: Set<string>,
): void {
  const trusted = new Set(signed)
  for (const m of manifests) {
    if (!signed.has(m.file)) continue
    for (const name of vouched.get(m.file) ?? []) trusted.add(name)
  }
  // A manifest must be signed while some asset relies on it; when every asset carries its own
  // valid signature (per-asset Sigstore bundles, say), the manifest vouches for nothing more.
  const everyAssetSigned = folder.assets.every((a) => signed.has(a.name))
  const mustBeSigned: ReleaseFile[] = everyAssetSigned
    ? [...folder.assets]
    : [...folder.manifests, ...folder.assets]
  const unsigned = mustBeSigned.filter((f) => !trusted.has(f.name))
  for (const file of unsigned) {
    const isManifest = folder.manifests.includes(file)
    suite.add({
      id: `signed:${file.name}`,
      title: `${file.name} is covered by a valid signature`,
      status: 'fail',
      message: isManifest
        ? `manifest ${file.name} has no valid signature (looked for ${file.name}.asc, .sig, .minisig and Sigstore bundles)`
        : `${file.name} has no valid signature of its own and is in no signed manifest with a matching digest`,
    })
  }
  suite.add({
    id: 'signatures:required',
    title: 'Every manifest and asset is covered by a valid signature',
    status: unsigned.length === 0 ? 'pass' : 'fail',
    message:
      unsigned.length === 0
        ? `all ${mustBeSigned.length} files are covered by a valid signature`
        : `${unsigned.length} of ${mustBeSigned.length} files are not covered by a valid signature`,
    evidence: { unsigned: unsigned.map((f) => f.name) },
  })
}
