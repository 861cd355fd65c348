import { pipeline } from 'node:stream/promises'
import tar from 'tar-stream'
import { decodeStages } from './decode.ts'
import type { EntryKind } from './entry-safety.ts'
import { ArchiveProblemError, errorSource, tagErrors, tarProblem } from './problem.ts'
import type { ArchiveFormat } from './types.ts'
import { asProblem, consume, type EntryVisitor, type WalkOptions } from './walk-entry.ts'

type TarFormat = Extract<ArchiveFormat, `tar${string}`>

/** Reads a tar, plain or compressed, entry by entry; see walkArchive. */
export async function walkTar(
  path: string,
  format: TarFormat,
  visit: EntryVisitor,
  options: WalkOptions,
): Promise<void> {
  const { budget, signal } = options
  const extract = tar.extract()
  tagErrors(extract, 'tar')
  let tarBytes = 0
  async function* counted(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of source) {
      tarBytes += chunk.length
      yield chunk
    }
  }
  const piping = pipeline([...decodeStages(path, format), counted, extract] as never, { signal })
  // Its rejection also reaches the entry loop below, which reports it; this only avoids an unhandled one.
  piping.catch(() => {})

  let current: string | undefined
  let lastEntry: string | undefined
  let dataEnd: number | undefined = 0
  try {
    for await (const stream of extract) {
      const { header } = stream
      current = header.name
      budget.countEntry(header.name)
      const kind = kindOf(header.type)
      const size = header.size ?? 0
      const entry = {
        name: header.name,
        kind,
        size,
        mode: header.mode,
        ...(header.linkname ? { linkTarget: header.linkname } : {}),
      }
      if (kind === 'file') {
        budget.countFile(header.name, size)
        await consume(entry, stream as unknown as AsyncIterable<Buffer>, visit, options)
      } else {
        await visit(entry)
        await drain(stream as unknown as AsyncIterable<unknown>)
      }
      // tar-stream records where each entry's data starts; past the last one must come the end marker.
      const offset = (header as { byteOffset?: unknown }).byteOffset
      dataEnd = typeof offset === 'number' ? offset + Math.ceil(size / 512) * 512 : undefined
      lastEntry = current
      current = undefined
    }
    await piping
  } catch (err) {
    const problem = asProblem(format, err, current, signal)
    if (problem === err && errorSource(err) === 'tar') throw tarProblem(format, err, current)
    throw problem
  }
  if (dataEnd !== undefined && tarBytes <= dataEnd) {
    const after = lastEntry === undefined ? 'before any entry' : `after entry "${lastEntry}"`
    throw new ArchiveProblemError(
      'truncated',
      `${format}: the tar data stops ${after} without the end-of-archive marker: the file is cut short`,
      lastEntry,
    )
  }
}

function kindOf(type: string | null | undefined): EntryKind {
  switch (type) {
    case 'file':
    case 'contiguous-file':
      return 'file'
    case 'directory':
      return 'directory'
    case 'symlink':
      return 'symlink'
    case 'link':
      return 'hardlink'
    default:
      // Devices, fifos and typeflags tar-stream does not know (GNU sparse, volume headers).
      return 'special'
  }
}

async function drain(stream: AsyncIterable<unknown>): Promise<void> {
  for await (const _chunk of stream) {
    // Links and directories carry no content worth keeping; it is read only to reach the next header.
  }
}
