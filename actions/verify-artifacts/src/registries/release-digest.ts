import { type HashAlgorithm, hashFiles } from '@postflight/core'
import type { RegistryDigests, RegistryFile } from './types.ts'

/**
 * The hex digest of a release file: the engine's when it computed that algorithm (it always has
 * sha256), else hashed now — npm's sha512 is only in the table when a manifest asked for it.
 */
export async function releaseDigest(
  file: RegistryFile,
  algorithm: HashAlgorithm,
  digests: RegistryDigests,
  signal: AbortSignal,
): Promise<string> {
  const known = digests.get(file.name)?.[algorithm]
  if (known) return known.toLowerCase()
  const [result] = await hashFiles([file.path], [algorithm], { signal })
  if (!result) throw new Error(`${file.name} could not be hashed`)
  return result.digests[algorithm]
}
