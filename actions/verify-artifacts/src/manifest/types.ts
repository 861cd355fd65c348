/** Digest algorithms a manifest line can carry. */
export type ManifestAlgorithm = 'sha256' | 'sha512' | 'sha1' | 'md5'

/** One file named in a checksum manifest, with the digest the manifest claims for it. */
export interface ManifestEntry {
  /** Relative path as written in the manifest, `./` stripped, escapes decoded. */
  name: string
  algorithm: ManifestAlgorithm
  /** Lower-case hex. */
  digest: string
  /** 1-based line number in the manifest. */
  line: number
  /** True when the line used GNU binary mode (`hex *name`). */
  binaryMode?: boolean
}

/** Something in the manifest that could not be turned into an entry, or that makes it untrustworthy. */
export interface ManifestProblem {
  line?: number
  message: string
}

/** A parsed manifest: every entry it yielded and every problem found on the way. */
export interface ParsedManifest {
  file: string
  entries: ManifestEntry[]
  problems: ManifestProblem[]
  /** The manifest's name announces an algorithm Postflight cannot check (B2SUMS, SHA384SUMS). */
  unsupported?: boolean
}
