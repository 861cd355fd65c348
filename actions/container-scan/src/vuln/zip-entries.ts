import { createReadStream } from 'node:fs'
import { type FileHandle, open } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import zlib from 'node:zlib'
import { describeError, PostflightError } from '@postflight/core'
import yauzl from 'yauzl'

// osv.dev's exports are zips of tens of thousands of small JSON files. yauzl parses the zip (central
// directory, zip64, names) but reads through one small file read per central record and one stream
// per entry: 12 s for 50,000 entries in test/bench/osv-bench.ts, most of it waiting on reads. Here
// yauzl gets a reader that serves its reads from a few cached 1 MiB blocks, and entry data is read
// from the same blocks and inflated in one call: the same parse, a fraction of the reads, and memory
// bounded by the cache (the zip is never held whole).

const BLOCK = 1 << 20
const MAX_BLOCKS = 8

class BlockCache {
  readonly #handle: FileHandle
  readonly #size: number
  readonly #blocks = new Map<number, Buffer>()

  constructor(handle: FileHandle, size: number) {
    this.#handle = handle
    this.#size = size
  }

  async #direct(position: number, length: number): Promise<Buffer> {
    const buffer = Buffer.alloc(Math.max(0, Math.min(length, this.#size - position)))
    let done = 0
    while (done < buffer.length) {
      const { bytesRead } = await this.#handle.read(buffer, done, buffer.length - done, position + done)
      if (bytesRead === 0) break
      done += bytesRead
    }
    return done === buffer.length ? buffer : buffer.subarray(0, done)
  }

  async #block(index: number): Promise<Buffer> {
    const hit = this.#blocks.get(index)
    if (hit) {
      this.#blocks.delete(index)
      this.#blocks.set(index, hit)
      return hit
    }
    const block = await this.#direct(index * BLOCK, BLOCK)
    this.#blocks.set(index, block)
    if (this.#blocks.size > MAX_BLOCKS) this.#blocks.delete(this.#blocks.keys().next().value as number)
    return block
  }

  /** `length` bytes at `position`; large ranges bypass the cache. */
  async read(position: number, length: number): Promise<Buffer> {
    if (length > 2 * BLOCK) return this.#direct(position, length)
    const first = Math.floor(position / BLOCK)
    const last = Math.floor((position + Math.max(length, 1) - 1) / BLOCK)
    if (first === last) {
      const block = await this.#block(first)
      return block.subarray(position - first * BLOCK, position - first * BLOCK + length)
    }
    const parts: Buffer[] = []
    for (let i = first; i <= last; i++) parts.push(await this.#block(i))
    const joined = Buffer.concat(parts)
    return joined.subarray(position - first * BLOCK, position - first * BLOCK + length)
  }
}

class CachedReader extends yauzl.RandomAccessReader {
  readonly cache: BlockCache
  readonly #path: string

  constructor(path: string, cache: BlockCache) {
    super()
    this.#path = path
    this.cache = cache
  }

  override read(
    buffer: Buffer,
    offset: number,
    length: number,
    position: number,
    callback: (err: Error | null) => void,
  ): void {
    this.cache.read(position, length).then(
      (data) => {
        if (data.length < length)
          return callback(new Error(`unexpected end of file at byte ${position + data.length}`))
        data.copy(buffer, offset)
        callback(null)
      },
      (err: Error) => callback(err),
    )
  }

  // Only used if yauzl opens an entry stream itself, which this module never asks for.
  override _readStreamForRange(start: number, end: number): Readable {
    return createReadStream(this.#path, { start, end: end - 1 })
  }
}

function fromReader(reader: CachedReader, size: number): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromRandomAccessReader(reader, size, { lazyEntries: true, autoClose: false }, (err, zip) =>
      err ? reject(err) : resolve(zip),
    )
  })
}

function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | undefined> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      zip.off('entry', onEntry)
      zip.off('end', onEnd)
      zip.off('error', onError)
    }
    const onEntry = (entry: yauzl.Entry): void => {
      cleanup()
      resolve(entry)
    }
    const onEnd = (): void => {
      cleanup()
      resolve(undefined)
    }
    const onError = (err: Error): void => {
      cleanup()
      reject(err)
    }
    zip.on('entry', onEntry)
    zip.on('end', onEnd)
    zip.on('error', onError)
    zip.readEntry()
  })
}

function localDataStart(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<number> {
  return new Promise((resolve, reject) => {
    zip.readLocalFileHeader(entry, { minimal: true }, (err, header) =>
      err ? reject(err) : resolve(header.fileDataStart),
    )
  })
}

/**
 * Calls `visit` with the name and bytes of every file in the zip whose name passes `want`, one at a
 * time in central directory order. Stored and deflated entries are read; their CRC is checked.
 */
export async function eachZipFile(
  file: string,
  want: (name: string) => boolean,
  visit: (name: string, data: Buffer) => void,
): Promise<void> {
  let handle: FileHandle
  let zip: yauzl.ZipFile
  let reader: CachedReader
  try {
    handle = await open(file, 'r')
  } catch (err) {
    throw new PostflightError('BAD_INPUT', `${file} cannot be read: ${describeError(err)}.`, {
      field: 'osv-db',
      cause: err,
    })
  }
  try {
    const { size } = await handle.stat()
    reader = new CachedReader(file, new BlockCache(handle, size))
    zip = await fromReader(reader, size)
  } catch (err) {
    await handle.close()
    throw new PostflightError('BAD_INPUT', `${file} is not a readable zip: ${describeError(err)}.`, {
      field: 'osv-db',
      cause: err,
    })
  }
  try {
    for (let entry = await nextEntry(zip); entry; entry = await nextEntry(zip)) {
      if (entry.fileName.endsWith('/') || !want(entry.fileName)) continue
      const start = await localDataStart(zip, entry)
      const raw = await reader.cache.read(start, entry.compressedSize)
      let data: Buffer
      if (entry.compressionMethod === 0) data = raw
      else if (entry.compressionMethod === 8) data = zlib.inflateRawSync(raw)
      else
        throw new Error(
          `${entry.fileName} uses compression method ${entry.compressionMethod}, not stored or deflate`,
        )
      if (data.length !== entry.uncompressedSize || zlib.crc32(data) !== entry.crc32) {
        throw new Error(`${entry.fileName} is corrupt (size or CRC differs from the central directory)`)
      }
      visit(entry.fileName, data)
    }
  } catch (err) {
    if (err instanceof PostflightError) throw err
    throw new PostflightError('BAD_INPUT', `${file} is not a readable zip: ${describeError(err)}.`, {
      field: 'osv-db',
      cause: err,
    })
  } finally {
    zip.close()
    await handle.close()
  }
}
