import { readFile } from 'node:fs/promises'
import type { RegistryFile } from '../types.ts'

const DIGEST = /sha256:[0-9a-f]{64}/g
// A digest file is a few lines at most; anything bigger is not one.
const MAX_BYTES = 64 * 1024

/** `app.digest`, `image.digest`, `digest.txt`: where release pipelines write the pushed image's digest. */
export function isDigestFileName(name: string): boolean {
  return /\.digest$/i.test(name) || /^digest\.txt$/i.test(name)
}

export type DigestFromRelease =
  | { kind: 'found'; digest: string; file: string }
  | { kind: 'none' }
  | { kind: 'ambiguous'; candidates: Array<{ file: string; digest: string }> }

/**
 * The image digest the release names in an attached digest file. With several files, the one named
 * after the image (`app.digest` for `…/app:1.0`) wins; several different digests and no such name
 * is ambiguous: no guess.
 */
export async function digestFromRelease(
  files: readonly RegistryFile[],
  repository: string,
): Promise<DigestFromRelease> {
  const candidates: Array<{ file: string; digest: string }> = []
  for (const file of files.filter((f) => isDigestFileName(f.name))) {
    const text = (await readFile(file.path)).subarray(0, MAX_BYTES).toString('utf8')
    for (const digest of new Set(text.match(DIGEST) ?? [])) candidates.push({ file: file.name, digest })
  }
  const distinct = new Set(candidates.map((c) => c.digest))
  if (candidates.length === 0) return { kind: 'none' }
  const only = candidates[0]
  if (distinct.size === 1 && only) return { kind: 'found', ...only }
  const image = repository.split('/').pop() ?? repository
  const named = candidates.filter((c) => c.file.toLowerCase().startsWith(`${image.toLowerCase()}.`))
  const pick = named[0]
  if (pick && new Set(named.map((c) => c.digest)).size === 1) return { kind: 'found', ...pick }
  return { kind: 'ambiguous', candidates }
}
