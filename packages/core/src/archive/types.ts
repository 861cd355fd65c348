/**
 * Archive formats Postflight reads. The `tar*` and `zip` formats hold many entries; `gz`, `xz`,
 * `bz2` and `zst` are one compressed file (a bare binary shipped as `tool.gz`), read as an
 * archive of a single entry named after the file without its compression suffix.
 */
export type ArchiveFormat =
  | 'tar'
  | 'tar.gz'
  | 'tar.xz'
  | 'tar.bz2'
  | 'tar.zst'
  | 'zip'
  | 'gz'
  | 'xz'
  | 'bz2'
  | 'zst'

/** Bounds that stop a hostile or broken archive from exhausting the disk, memory or time. */
export interface ArchiveLimits {
  /** Most entries (files, directories, links) an archive may hold. */
  maxEntries: number
  /** Most uncompressed bytes of file content, summed over the archive. */
  maxTotalBytes: number
  /** Most uncompressed bytes of one entry; unset means only `maxTotalBytes` applies. */
  maxEntryBytes?: number
}

/** 100,000 entries and 8 GiB uncompressed, no per-entry bound. */
export const DEFAULT_ARCHIVE_LIMITS: Readonly<ArchiveLimits> = Object.freeze({
  maxEntries: 100_000,
  maxTotalBytes: 8 * 1024 ** 3,
})

/** Why an entry may not be written where the archive says. */
export type UnsafeReason = 'absolute-path' | 'path-traversal' | 'link-escape' | 'special-file'

/** An entry that would land outside the destination, or point outside it, or is not a plain file. */
export interface UnsafeEntry {
  /** The name as stored in the archive. */
  name: string
  reason: UnsafeReason
  /** For links: the target as stored. For an entry refused because its path runs through a symlink: that link's target. */
  linkTarget?: string
}

export type ArchiveProblemKind = 'truncated' | 'corrupt' | 'limit' | 'unsupported'

/** What stopped the archive from being read to its end. */
export interface ArchiveProblem {
  kind: ArchiveProblemKind
  /** Says what went wrong, naming the entry where known. */
  message: string
  /** The entry being read when it went wrong, where known. */
  entry?: string
}

/** What reading an archive to its end found. */
export interface ArchiveInspection {
  format: ArchiveFormat
  /** Entries read (files, directories, links, special files). */
  entries: number
  /** Regular files among them. */
  files: number
  /** Uncompressed bytes of file content read. */
  totalBytes: number
  unsafe: UnsafeEntry[]
  /** True only when the archive read to its end within the limits and held no unsafe entry. */
  ok: boolean
  problem?: ArchiveProblem
}

/** What an extraction wrote, and what it refused to. */
export interface ArchiveExtraction {
  format: ArchiveFormat
  /** The real path of the destination directory. */
  destDir: string
  /** Relative paths (with `/`) of every entry now on disk: files, directories and links. */
  extracted: string[]
  /** Entries never written, and links removed because they resolved outside. */
  skipped: UnsafeEntry[]
  entries: number
  files: number
  totalBytes: number
  /** True only when the whole archive was extracted within the limits and nothing was skipped. */
  ok: boolean
  problem?: ArchiveProblem
}

export interface ArchiveReadOptions {
  limits?: Partial<ArchiveLimits>
  signal?: AbortSignal
  /** Skips detection: read the file as this format. */
  format?: ArchiveFormat
}

/** Fills unset limits from the defaults. */
export function resolveLimits(limits: Partial<ArchiveLimits> = {}): ArchiveLimits {
  return {
    maxEntries: limits.maxEntries ?? DEFAULT_ARCHIVE_LIMITS.maxEntries,
    maxTotalBytes: limits.maxTotalBytes ?? DEFAULT_ARCHIVE_LIMITS.maxTotalBytes,
    ...(limits.maxEntryBytes === undefined ? {} : { maxEntryBytes: limits.maxEntryBytes }),
  }
}
