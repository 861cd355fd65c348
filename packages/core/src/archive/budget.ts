import { ArchiveProblemError } from './problem.ts'
import type { ArchiveLimits } from './types.ts'

/** Counts what a walk has read, and stops it the moment a limit is passed. */
export class ArchiveBudget {
  readonly limits: ArchiveLimits
  entries = 0
  files = 0
  totalBytes = 0

  constructor(limits: ArchiveLimits) {
    this.limits = limits
  }

  /** One more entry of any kind. */
  countEntry(name: string): void {
    this.entries++
    if (this.entries > this.limits.maxEntries) {
      throw this.exceeded(name, `more than ${this.limits.maxEntries} entries`)
    }
  }

  /** One more regular file; a declared size already past a limit stops the walk before any byte is read. */
  countFile(name: string, declaredSize?: number): void {
    this.files++
    if (declaredSize === undefined) return
    this.checkEntryBytes(name, declaredSize)
    this.checkTotal(name, this.totalBytes + declaredSize)
  }

  /** Bytes of a file's content as they stream; `entryBytes` is that file's running count. */
  addBytes(name: string, chunk: number, entryBytes: number): void {
    this.totalBytes += chunk
    this.checkEntryBytes(name, entryBytes)
    this.checkTotal(name, this.totalBytes)
  }

  private checkEntryBytes(name: string, bytes: number): void {
    const max = this.limits.maxEntryBytes
    if (max !== undefined && bytes > max) throw this.exceeded(name, `an entry larger than ${max} bytes`)
  }

  private checkTotal(name: string, bytes: number): void {
    if (bytes > this.limits.maxTotalBytes) {
      throw this.exceeded(name, `more than ${this.limits.maxTotalBytes} bytes uncompressed`)
    }
  }

  private exceeded(name: string, what: string): ArchiveProblemError {
    return new ArchiveProblemError(
      'limit',
      `the archive holds ${what} (stopped at entry "${name}"); raise the limit if the archive is expected to be this large`,
      name,
    )
  }
}
