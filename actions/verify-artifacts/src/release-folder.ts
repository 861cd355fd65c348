import { lstat, readdir, realpath, stat } from 'node:fs/promises'
import path from 'node:path'
import { PostflightError } from '@postflight/core'
import { isManifestName } from './manifest/index.ts'
// The name helpers alone: the verifiers (openpgp, @sigstore/*) load only when a release needs them.
import { isSignatureName } from './signature/signature-name.ts'
import { sigstoreBundles } from './sigstore/bundle-name.ts'

const MINISIG = '.minisig'

export interface ReleaseFile {
  name: string
  path: string
  size: number
}

/** What `cosign sign-blob --output-signature <asset>.sig --output-certificate <asset>.pem` leaves. */
export interface CosignPairFiles {
  target: string
  signature: ReleaseFile
  certificate: ReleaseFile
}

/** Something in the folder that is not a file of the release, and why. */
export interface SkippedEntry {
  name: string
  reason: 'symlink-outside' | 'dangling-symlink' | 'directory' | 'special-file'
  target?: string
}

export interface ReleaseFolder {
  dir: string
  files: ReleaseFile[]
  manifests: ReleaseFile[]
  signatures: ReleaseFile[]
  /** Keyless cosign pairs: `<asset>.sig` (the signature) with `<asset>.pem` (its certificate). */
  cosign: CosignPairFiles[]
  /** minisign signatures (`*.minisig` beside the file they sign). */
  minisigs: ReleaseFile[]
  /** Sigstore bundles (`*.sigstore.json`, `*.sigstore`, `*.bundle` beside the file they cover). */
  bundles: ReleaseFile[]
  /** Everything that is neither a manifest, a signature nor a bundle: what users download. */
  assets: ReleaseFile[]
  skipped: SkippedEntry[]
}

/**
 * Lists a release folder (its top level, like a GitHub release) and sorts its files into manifests,
 * signatures and assets. A symlink counts only when it resolves to a file inside the folder: one
 * that points elsewhere would make us vouch for bytes that are not part of the release. Nothing is
 * dropped silently: what is not a file of the release comes back in `skipped`. A missing folder is
 * a usage error, not a failed release.
 */
export async function readReleaseFolder(dir: string, checksumPatterns?: string[]): Promise<ReleaseFolder> {
  let names: string[]
  let root: string
  try {
    names = await readdir(dir)
    root = await realpath(dir)
  } catch (err) {
    throw new PostflightError('NOT_FOUND', `directory '${dir}' cannot be read`, {
      cause: err,
      field: 'directory',
    })
  }
  const files: ReleaseFile[] = []
  const skipped: SkippedEntry[] = []
  for (const name of names.sort()) {
    const full = path.join(dir, name)
    const link = await lstat(full)
    if (link.isSymbolicLink()) {
      const target = await realpath(full).catch(() => undefined)
      if (!target) {
        skipped.push({ name, reason: 'dangling-symlink' })
        continue
      }
      const inside = target.startsWith(root + path.sep)
      const info = await stat(full)
      if (!inside) skipped.push({ name, reason: 'symlink-outside', target })
      else if (info.isFile()) files.push({ name, path: full, size: info.size })
      else skipped.push({ name, reason: info.isDirectory() ? 'directory' : 'special-file', target })
      continue
    }
    if (link.isFile()) files.push({ name, path: full, size: link.size })
    else skipped.push({ name, reason: link.isDirectory() ? 'directory' : 'special-file' })
  }
  const manifests = files.filter((f) => isManifestName(f.name, checksumPatterns))
  const cosign = cosignPairs(files)
  const inPairs = new Set(cosign.flatMap((p) => [p.signature, p.certificate]))
  const signatures = files.filter((f) => !manifests.includes(f) && !inPairs.has(f) && isSignatureName(f.name))
  const minisigs = files.filter(
    (f) => f.name.length > MINISIG.length && f.name.toLowerCase().endsWith(MINISIG),
  )
  const bundleNames = new Set(sigstoreBundles(files.map((f) => f.name)).map((b) => b.bundle))
  const bundles = files.filter((f) => bundleNames.has(f.name) && !manifests.includes(f))
  const assets = files.filter(
    (f) =>
      !manifests.includes(f) &&
      !signatures.includes(f) &&
      !bundles.includes(f) &&
      !minisigs.includes(f) &&
      !inPairs.has(f),
  )
  return { dir, files, manifests, signatures, cosign, minisigs, bundles, assets, skipped }
}

/**
 * A `.sig` is a cosign signature when a `.pem` of the same asset sits beside it (an OpenPGP `.sig`
 * has no certificate); both then belong to the signature, not to the release's assets.
 */
function cosignPairs(files: readonly ReleaseFile[]): CosignPairFiles[] {
  const byName = new Map(files.map((f) => [f.name, f]))
  const pairs: CosignPairFiles[] = []
  for (const f of files) {
    if (!f.name.endsWith('.sig') || f.name.length <= 4) continue
    const target = f.name.slice(0, -4)
    const certificate = byName.get(`${target}.pem`)
    if (certificate) pairs.push({ target, signature: f, certificate })
  }
  return pairs
}
