export { ARCHIVE_HEAD_BYTES, detectArchiveFormat, sniffArchiveFormat } from './detect.ts'
export {
  checkEntry as checkArchiveEntry,
  type EntryHeader as ArchiveEntryHeader,
  type EntryKind as ArchiveEntryKind,
  type EntryVerdict as ArchiveEntryVerdict,
} from './entry-safety.ts'
export { extractArchive } from './extract.ts'
export { inspectArchive } from './inspect.ts'
export { ArchiveProblemError } from './problem.ts'
export {
  type ArchiveExtraction,
  type ArchiveFormat,
  type ArchiveInspection,
  type ArchiveLimits,
  type ArchiveProblem,
  type ArchiveProblemKind,
  type ArchiveReadOptions,
  DEFAULT_ARCHIVE_LIMITS,
  type UnsafeEntry,
  type UnsafeReason,
} from './types.ts'
