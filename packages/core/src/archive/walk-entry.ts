import { Readable } from 'node:stream'
import { finished } from 'node:stream/promises'
import type { ArchiveBudget } from './budget.ts'
import type { EntryHeader } from './entry-safety.ts'
import { ArchiveProblemError, decodeProblem, errorSource, throwIfAborted } from './problem.ts'
import type { ArchiveFormat } from './types.ts'

/** One entry as a walk hands it over. */
export interface ArchiveEntry extends EntryHeader {
  /** Declared uncompressed size, where the format records one. */
  size: number | undefined
  /** Permission bits as stored, where the format records them. */
  mode: number | undefined
  /**
   * Regular files only: the content, already counted against the limits (and CRC-checked for
   * zip). A visitor may read it or leave it; the walk drains what is left, so every byte is read.
   */
  body?: Readable
}

export type EntryVisitor = (entry: ArchiveEntry) => Promise<void>

export interface WalkOptions {
  budget: ArchiveBudget
  signal: AbortSignal | undefined
}

/**
 * Hands an entry to the visitor with its body metered, then drains whatever the visitor left.
 * `check` sees every chunk and runs `verify` once the body has been read whole (zip: the CRC).
 */
export async function consume(
  header: Omit<ArchiveEntry, 'body'>,
  source: AsyncIterable<Buffer> | undefined,
  visit: EntryVisitor,
  options: WalkOptions,
  check?: { update: (chunk: Buffer) => void; verify: () => void },
): Promise<void> {
  if (source === undefined) {
    await visit(header)
    return
  }
  const { budget } = options
  let bytes = 0
  async function* metered(): AsyncGenerator<Buffer> {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      bytes += chunk.length
      budget.addBytes(header.name, chunk.length, bytes)
      check?.update(chunk)
      yield chunk
    }
    check?.verify()
  }
  const body = Readable.from(metered(), { objectMode: false })
  try {
    await visit({ ...header, body })
    if (!body.readableEnded) await finished(body.resume())
  } finally {
    body.destroy()
  }
}

/** The error that stops a walk: the abort, an ArchiveProblemError, or the visitor's own error. */
export function asProblem(
  format: ArchiveFormat,
  err: unknown,
  entry: string | undefined,
  signal?: AbortSignal,
): unknown {
  if (signal?.aborted) {
    try {
      throwIfAborted(signal)
    } catch (aborted) {
      return aborted
    }
  }
  if (err instanceof ArchiveProblemError) return err
  if (errorSource(err) === 'decode') return decodeProblem(format, err, entry)
  return err
}
