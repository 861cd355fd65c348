/**
 * Where a response body goes. A transport that reads from the socket itself asks `region()` for the
 * memory the next read lands in, so body bytes are written and hashed where they lie, never copied;
 * bytes from anywhere else (a fetch stream, what arrived with the headers) are copied in.
 */
export interface BodyTarget {
  /** Memory for the next read: at least MIN_READ bytes when `prepare()` was true, else a scratch buffer. */
  region(): Buffer
  /**
   * Takes body bytes: a part of the last region (no copy), or other memory of at most MIN_READ bytes
   * (copied). Throws a PostflightError when the bytes cannot be written.
   */
  accept(chunk: Uint8Array): void
  /** Makes a region of at least MIN_READ bytes ready; false when all are busy (wait for `room()`). */
  prepare(): boolean
  /** Resolves when `prepare()` can succeed again. */
  room(): Promise<void>
}

/** The smallest read a target offers room for, and the largest foreign chunk it copies at once. */
export const MIN_READ = 64 * 1024
