import { basename } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { decodeStages } from './decode.ts'
import { COMPRESSION_SUFFIX } from './detect.ts'
import { throwIfAborted } from './problem.ts'
import type { ArchiveFormat } from './types.ts'
import { asProblem, consume, type EntryVisitor, type WalkOptions } from './walk-entry.ts'
import { walkTar } from './walk-tar.ts'
import { walkZip } from './walk-zip.ts'

/**
 * Reads the archive at `path` to its end, one entry at a time, calling `visit` for each. Defects
 * of the archive are thrown as ArchiveProblemError; errors of the visitor pass through unchanged.
 */
export async function walkArchive(
  path: string,
  format: ArchiveFormat,
  visit: EntryVisitor,
  options: WalkOptions,
): Promise<void> {
  throwIfAborted(options.signal)
  if (format === 'zip') return walkZip(path, visit, options)
  if (isTar(format)) return walkTar(path, format, visit, options)
  return walkSingle(path, format, visit, options)
}

function isTar(format: ArchiveFormat): format is Extract<ArchiveFormat, `tar${string}`> {
  return format.startsWith('tar')
}

/** A file compressed alone: one entry named after the file without its compression suffix. */
async function walkSingle(
  path: string,
  format: ArchiveFormat,
  visit: EntryVisitor,
  options: WalkOptions,
): Promise<void> {
  const file = basename(path)
  const suffix = COMPRESSION_SUFFIX[format as keyof typeof COMPRESSION_SUFFIX] ?? ''
  const fits = suffix !== '' && file.toLowerCase().endsWith(suffix) && file.length > suffix.length
  const name = fits ? file.slice(0, -suffix.length) : file
  options.budget.countEntry(name)
  options.budget.countFile(name)
  const header = { name, kind: 'file', size: undefined, mode: undefined } as const
  const sink = (source: AsyncIterable<Buffer>): Promise<void> => consume(header, source, visit, options)
  try {
    await pipeline([...decodeStages(path, format as Exclude<ArchiveFormat, 'zip'>), sink] as never, {
      signal: options.signal,
    })
  } catch (err) {
    throw asProblem(format, err, name, options.signal)
  }
}
