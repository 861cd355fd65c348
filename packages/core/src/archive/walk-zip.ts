import { type FileHandle, open } from 'node:fs/promises'
import { addAbortSignal, type Readable } from 'node:stream'
import zlib from 'node:zlib'
import yauzl from 'yauzl'
import { PostflightError } from '../errors.ts'
import type { EntryKind } from './entry-safety.ts'
import { ArchiveProblemError, errorSource, tagErrors, throwIfAborted, zipProblem } from './problem.ts'
import { asProblem, consume, type EntryVisitor, type WalkOptions } from './walk-entry.ts'
import { checkLocalHeader, HeaderReader, OverlapCheck } from './zip-local.ts'

// A symlink's content is its target; a longer one is not a path any system would follow.
const MAX_LINK_TARGET_BYTES = 4096

/**
 * Reads a zip entry by entry in central directory order; see walkArchive. yauzl opens the file
 * itself (a zip is read from its end). Names are decoded here rather than by yauzl, which would
 * stop at the first unsafe name instead of letting every one be reported. Each entry's local
 * header is checked against its central directory record (see checkLocalHeader).
 */
export async function walkZip(path: string, visit: EntryVisitor, options: WalkOptions): Promise<void> {
  const { budget, signal } = options
  const zip = await openZip(path)
  let current: string | undefined
  const overlaps = new OverlapCheck()
  const handle = await openFile(path).catch((err: unknown) => {
    zip.close()
    throw err
  })
  const headers = new HeaderReader(handle, zip.fileSize)
  try {
    if (zip.entryCount > budget.limits.maxEntries) {
      throw new ArchiveProblemError(
        'limit',
        `zip: the central directory lists ${zip.entryCount} entries, more than the limit of ${budget.limits.maxEntries}`,
      )
    }
    for await (const raw of zipCall(() => zip.eachEntry())) {
      throwIfAborted(signal)
      const centralName = yauzl.getFileNameLowLevel(
        raw.generalPurposeBitFlag,
        raw.fileNameRaw,
        raw.extraFields,
        true,
      )
      current = centralName
      const { kind, mode } = classify(raw, centralName)
      const local = await checkLocalHeader(headers, raw, centralName, kind)
      const { name } = local
      current = name
      budget.countEntry(name)
      overlaps.add(name, local.start, local.end)
      const header = { name, kind, size: raw.uncompressedSize, mode }
      if (raw.isEncrypted() && kind !== 'directory') {
        throw new ArchiveProblemError(
          'unsupported',
          `zip: entry "${name}" is encrypted: its content cannot be checked`,
          name,
        )
      }
      if (kind === 'file') {
        budget.countFile(name, raw.uncompressedSize)
        let crc = 0
        await consume(header, await openEntry(zip, raw, signal), visit, options, {
          update: (chunk) => {
            crc = zlib.crc32(chunk, crc)
          },
          verify: () => checkCrc(name, crc, raw.crc32),
        })
      } else if (kind === 'symlink') {
        await visit({ ...header, linkTarget: await readLinkTarget(zip, raw, name, signal) })
      } else {
        await visit(header)
      }
      current = undefined
    }
    overlaps.finish()
  } catch (err) {
    const problem = asProblem('zip', err, current, signal)
    if (problem === err && errorSource(err) === 'zip') throw zipProblem(err, current)
    throw problem
  } finally {
    zip.close()
    await handle.close()
  }
}

async function openZip(path: string): Promise<yauzl.ZipFile> {
  try {
    return await yauzl.openPromise(path, {
      autoClose: false,
      decodeStrings: false,
      validateEntrySizes: true,
      strictFileNames: true,
    })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).syscall !== undefined) throw ioError(path, err)
    throw zipProblem(err, undefined, await startsLikeZip(path))
  }
}

/** A second handle on the zip, for its local headers; yauzl keeps its own. */
async function openFile(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r')
  } catch (err) {
    throw ioError(path, err)
  }
}

function ioError(path: string, err: unknown): PostflightError {
  const { code } = err as NodeJS.ErrnoException
  return new PostflightError(
    code === 'ENOENT' ? 'NOT_FOUND' : 'IO',
    `${path}: cannot read the zip (${code})`,
    {
      cause: err,
      field: path,
    },
  )
}

/** Marks what a yauzl iterator rejects with as a zip error. */
async function* zipCall<T>(iterate: () => AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = iterate()[Symbol.asyncIterator]()
  try {
    while (true) {
      let next: IteratorResult<T>
      try {
        next = await iterator.next()
      } catch (err) {
        throw zipProblem(err)
      }
      if (next.done) return
      yield next.value
    }
  } finally {
    await iterator.return?.()
  }
}

async function openEntry(
  zip: yauzl.ZipFile,
  raw: yauzl.Entry,
  signal: AbortSignal | undefined,
): Promise<Readable> {
  let stream: Readable
  try {
    stream = await zip.openReadStreamPromise(raw)
  } catch (err) {
    throw zipProblem(err, raw.fileName.toString())
  }
  tagErrors(stream, 'zip')
  return signal === undefined ? stream : addAbortSignal(signal, stream)
}

async function readLinkTarget(
  zip: yauzl.ZipFile,
  raw: yauzl.Entry,
  name: string,
  signal?: AbortSignal,
): Promise<string> {
  if (raw.uncompressedSize > MAX_LINK_TARGET_BYTES) {
    throw new ArchiveProblemError(
      'corrupt',
      `zip: symlink "${name}" has a target of ${raw.uncompressedSize} bytes`,
      name,
    )
  }
  const chunks: Buffer[] = []
  for await (const chunk of await openEntry(zip, raw, signal)) chunks.push(chunk as Buffer)
  const content = Buffer.concat(chunks)
  checkCrc(name, zlib.crc32(content), raw.crc32)
  return content.toString('utf8')
}

function checkCrc(name: string, actual: number, expected: number): void {
  if (actual >>> 0 !== expected >>> 0) {
    const hex = (n: number): string => (n >>> 0).toString(16).padStart(8, '0')
    throw new ArchiveProblemError(
      'corrupt',
      `zip: CRC-32 mismatch in entry "${name}": expected ${hex(expected)}, content gives ${hex(actual)}`,
      name,
    )
  }
}

/** Unix hosts (3) and macOS (19) keep the st_mode in the upper half of the external attributes. */
function classify(raw: yauzl.Entry, name: string): { kind: EntryKind; mode: number | undefined } {
  const host = raw.versionMadeBy >> 8
  const unix = host === 3 || host === 19 ? raw.externalFileAttributes >>> 16 : 0
  const type = unix & 0o170000
  const mode = unix === 0 ? undefined : unix & 0o7777
  const msDosDirectory = (raw.externalFileAttributes & 0x10) !== 0
  if (type === 0o120000) return { kind: 'symlink', mode }
  if (type === 0o040000 || /[/\\]$/.test(name) || (unix === 0 && msDosDirectory))
    return { kind: 'directory', mode }
  if (type !== 0 && type !== 0o100000) return { kind: 'special', mode }
  return { kind: 'file', mode }
}

async function startsLikeZip(path: string): Promise<boolean> {
  const handle = await open(path, 'r')
  try {
    const head = Buffer.alloc(4)
    await handle.read(head, 0, 4, 0)
    return head.readUInt32LE(0) === 0x04034b50
  } finally {
    await handle.close()
  }
}
