import { PostflightError } from '../errors.ts'
import type { ArchiveFormat, ArchiveProblem, ArchiveProblemKind } from './types.ts'

/**
 * A defect of the archive itself. Readers throw it to stop walking; `inspectArchive` and
 * `extractArchive` turn it into a `problem` of their result instead of letting it escape.
 */
export class ArchiveProblemError extends PostflightError {
  override name = 'ArchiveProblemError'
  readonly problem: ArchiveProblem

  constructor(kind: ArchiveProblemKind, message: string, entry?: string, cause?: unknown) {
    super('ARCHIVE', message, cause === undefined ? {} : { cause })
    this.problem = { kind, message, ...(entry === undefined ? {} : { entry }) }
  }
}

/** Which layer raised an error: decompression, the tar parser, or the zip reader. */
export type ErrorSource = 'decode' | 'tar' | 'zip'

const sources = new WeakMap<object, ErrorSource>()

/**
 * Remembers where a stream's errors come from. Node's pipeline hands the same error object on to
 * every later stream, so the first source to see an error keeps it.
 */
export function tagErrors(stream: NodeJS.EventEmitter, source: ErrorSource): void {
  stream.on('error', (err: unknown) => markErrorSource(err, source))
}

/** Records where `err` came from, unless known already; returns it, for `throw markErrorSource(...)`. */
export function markErrorSource(err: unknown, source: ErrorSource): unknown {
  if (typeof err === 'object' && err !== null && !sources.has(err)) sources.set(err, source)
  return err
}

/** The layer `tagErrors` saw raise `err`, if any. */
export function errorSource(err: unknown): ErrorSource | undefined {
  return typeof err === 'object' && err !== null ? sources.get(err) : undefined
}

/** Throws PostflightError ABORTED when the signal has fired; the reason is kept as the cause. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted)
    throw new PostflightError('ABORTED', 'reading the archive was aborted', { cause: signal.reason })
}

const at = (entry: string | undefined): string => (entry === undefined ? '' : ` (at entry "${entry}")`)

// xz-embedded's xz_ret values, as xz-decompress reports them ("error code N").
const XZ_ERRORS: Readonly<Record<string, [ArchiveProblemKind, string]>> = {
  '2': ['unsupported', 'the integrity check type is not supported'],
  '5': ['corrupt', 'not xz data'],
  '6': ['unsupported', 'the stream uses options that are not supported'],
  '7': ['corrupt', 'the data is damaged'],
  '8': ['truncated', 'no more input (XZ_BUF_ERROR)'],
}

/** Reads a decompressor's error: running out of input is truncation, anything else corruption. */
export function decodeProblem(format: ArchiveFormat, err: unknown, entry?: string): ArchiveProblemError {
  const { message, code, name } = err as { message?: string; code?: string; name?: string }
  let kind: ArchiveProblemKind = 'corrupt'
  let detail = message ?? String(err)
  if (format.endsWith('xz')) {
    const known = XZ_ERRORS[/error code (\d+)/.exec(detail)?.[1] ?? '']
    // Anything else is xz-decompress tripping over an input that ended before its first byte.
    ;[kind, detail] = known ?? ['truncated', 'no input']
  } else if (format.endsWith('bz2')) {
    // unbzip2-stream throws Bzip2Error for bad data; running off the end of its input is a TypeError.
    if (name !== 'Bzip2Error') [kind, detail] = ['truncated', 'it stops inside a bzip2 block']
  } else if (code === 'Z_BUF_ERROR' || /unexpected end/i.test(detail)) {
    kind = 'truncated'
  }
  const what = kind === 'truncated' ? 'the compressed data ends early' : 'cannot decompress'
  return new ArchiveProblemError(kind, `${format}: ${what}: ${detail}${at(entry)}`, entry, err)
}

/** Reads a tar-stream error. */
export function tarProblem(format: ArchiveFormat, err: unknown, entry?: string): ArchiveProblemError {
  const text = (err as Error).message ?? String(err)
  if (/unexpected end of data/i.test(text)) {
    return new ArchiveProblemError(
      'truncated',
      `${format}: the tar data ends inside an entry${at(entry)}`,
      entry,
      err,
    )
  }
  return new ArchiveProblemError('corrupt', `${format}: invalid tar data: ${text}${at(entry)}`, entry, err)
}

/** Reads a yauzl or inflate error met while reading a zip. */
export function zipProblem(err: unknown, entry?: string, startsLikeZip = true): ArchiveProblemError {
  const { message, code } = err as { message?: string; code?: string }
  const text = message ?? String(err)
  if (/end of central directory record signature not found/i.test(text)) {
    return startsLikeZip
      ? new ArchiveProblemError(
          'truncated',
          'zip: the end of central directory record is missing: the file is cut short',
          entry,
          err,
        )
      : new ArchiveProblemError(
          'corrupt',
          'zip: not a zip file: no zip signature at its start or its end',
          entry,
          err,
        )
  }
  if (/unexpected EOF|overflows file bounds/i.test(text)) {
    return new ArchiveProblemError(
      'truncated',
      `zip: an entry's data runs past the end of the file: ${text}${at(entry)}`,
      entry,
      err,
    )
  }
  if (/unsupported|not supported|encrypt/i.test(text)) {
    return new ArchiveProblemError('unsupported', `zip: ${text}${at(entry)}`, entry, err)
  }
  const detail = code === 'Z_BUF_ERROR' ? 'compressed data ends early' : text
  return new ArchiveProblemError('corrupt', `zip: ${detail}${at(entry)}`, entry, err)
}
