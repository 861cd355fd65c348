import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { type CheckOutcome, type HashAlgorithm, hashFile, timingSafeEqualHex } from '@postflight/core'
import { parseManifest, perAssetSubject } from '@postflight/verify-artifacts'
import type { ObtainedAsset } from './source/opened-release.ts'

/** One source's word on the asset's bytes: a manifest line or GitHub's digest. */
interface Claim {
  from: string
  algorithm: HashAlgorithm
  expected: string
}

/**
 * The `checksum:` check, made before anything from the asset runs: its bytes against every digest
 * the release states for it — the checksum manifests that list it and GitHub's `digest` recorded at
 * upload. Any disagreement fails (nothing is run); agreement with at least one passes. With none
 * to go on, a GitHub release, or a release whose manifests do not list the asset, is a warning
 * (nothing vouched for the bytes); a folder or artifact without any manifest has no check (undefined).
 */
export async function checksumCheck(
  asset: string,
  obtained: ObtainedAsset,
  apiDigest: string | null | undefined,
  signal: AbortSignal,
): Promise<CheckOutcome | undefined> {
  const claims: Claim[] = []
  const problems: string[] = []
  for (const manifest of obtained.manifests) {
    const parsed = parseManifest(await readFile(path.join(obtained.dir, manifest), 'utf8'), manifest)
    // Each problem's message names its manifest (and line).
    for (const p of parsed.problems) problems.push(p.message)
    const own = perAssetSubject(manifest) === asset
    for (const e of parsed.entries) {
      if (path.posix.basename(e.name) === asset || (own && parsed.entries.length === 1))
        claims.push({ from: `${manifest}:${e.line}`, algorithm: e.algorithm, expected: e.digest })
    }
  }
  const [algorithm, hex] = apiDigest?.split(':', 2) ?? []
  if (algorithm === 'sha256' && hex) claims.push({ from: 'GitHub digest', algorithm, expected: hex })
  if (claims.length === 0) {
    // A release that ships manifests none of which lists the asset (or that cannot be read) is not
    // one without manifests: its bytes went unverified, and that is said rather than left out.
    if (apiDigest === undefined && obtained.manifests.length === 0) return undefined
    const none =
      obtained.manifests.length > 0
        ? `none of ${obtained.manifests.join(', ')} lists ${asset}`
        : `no checksum manifest lists ${asset}`
    const github = apiDigest === undefined ? '' : ' and GitHub recorded no digest for it'
    return {
      status: 'warn',
      message: `${none}${github}: its bytes are unverified${problems.length > 0 ? ` (${problems[0]})` : ''}`,
      evidence: { asset, manifests: obtained.manifests, ...(problems.length > 0 ? { problems } : {}) },
    }
  }
  const algorithms = [...new Set<HashAlgorithm>(['sha256', ...claims.map((c) => c.algorithm)])]
  const file = path.join(obtained.dir, asset)
  const known = obtained.sha256?.get(asset)
  const actual: Partial<Record<HashAlgorithm, string>> =
    known && algorithms.length === 1
      ? { sha256: known }
      : (await hashFile(file, algorithms, { signal })).digests
  const wrong = claims.filter((c) => !timingSafeEqualHex(actual[c.algorithm] ?? '', c.expected))
  const evidence = {
    asset,
    sha256: actual.sha256,
    claims: claims.map((c) => ({ ...c, ok: !wrong.includes(c) })),
    ...(problems.length > 0 ? { problems } : {}),
  }
  if (wrong.length > 0) {
    return {
      status: 'fail',
      severity: 'high',
      message: `${asset} does not match ${wrong.map((c) => `${c.from} (${c.algorithm} ${c.expected})`).join(', ')}: nothing from it is run`,
      evidence,
    }
  }
  return {
    status: 'pass',
    message: `${asset} matches ${claims.map((c) => `${c.from} (${c.algorithm})`).join(', ')}`,
    evidence,
  }
}
