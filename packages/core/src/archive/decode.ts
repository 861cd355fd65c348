import { createReadStream } from 'node:fs'
import { Transform } from 'node:stream'
import { ReadableStream } from 'node:stream/web'
import zlib from 'node:zlib'
import unbzip2 from 'unbzip2-stream'
import xz from 'xz-decompress'
import { markErrorSource, tagErrors } from './problem.ts'
import { SerialLock } from './serial-lock.ts'
import type { ArchiveFormat } from './types.ts'
import { ZstdFrameSplitter } from './zstd-frames.ts'

type StageFunction = (
  source: AsyncIterable<Buffer>,
  options: { signal: AbortSignal },
) => AsyncIterable<Uint8Array>

/** Stages for `pipeline`: the file, then what turns it into plain bytes (tar data, or the single file). */
export type DecodeStages = [NodeJS.ReadableStream, ...Array<NodeJS.ReadWriteStream | StageFunction>]

/**
 * Opens `path` and decompresses it as `format` says, streaming: nothing is held whole in memory.
 * Errors of the decompressors are tagged 'decode'. Gunzip reads every member of a multi-member
 * file; xz reads concatenated streams; zstd reads every frame (see ZstdFrameSplitter).
 */
export function decodeStages(path: string, format: Exclude<ArchiveFormat, 'zip'>): DecodeStages {
  const compression = format.startsWith('tar.') ? format.slice(4) : format
  const file = createReadStream(path)
  if (compression === 'tar') return [file]
  if (compression === 'xz') return [file, unxz]
  const decoders: NodeJS.ReadWriteStream[] = []
  if (compression === 'gz') decoders.push(zlib.createGunzip())
  else if (compression === 'zst') decoders.push(new ZstdFrameSplitter(), zlib.createZstdDecompress())
  else decoders.push(bunzip2())
  for (const decoder of decoders) tagErrors(decoder, 'decode')
  return [file, ...decoders]
}

// xz-decompress runs one decoder at a time behind its own mutex, and a stream cancelled while
// queued there releases a lock it never held and leaks its decoder. Queuing here first, where a
// waiter can leave on abort, means a decoder is only ever made when that mutex is free.
const xzLock = new SerialLock()

/** xz-decompress speaks web streams only: the source is adapted both ways. */
async function* unxz(
  source: AsyncIterable<Buffer>,
  { signal }: { signal: AbortSignal },
): AsyncGenerator<Uint8Array> {
  const release = await xzLock.acquire(signal)
  try {
    const input = ReadableStream.from(source) as unknown as globalThis.ReadableStream<Uint8Array>
    yield* new xz.XzReadableStream(input) as unknown as AsyncIterable<Uint8Array>
  } catch (err) {
    throw markErrorSource(err, 'decode')
  } finally {
    release()
  }
}

/**
 * unbzip2-stream is a classic `through` stream, which pipeline's end-of-stream detection reads as
 * a premature close. This Transform drives it instead: `through` decodes synchronously on write,
 * and Transform holds back the next write until the output is read, which keeps backpressure.
 */
function bunzip2(): Transform {
  const inner = unbzip2()
  const outer = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      inner.write(chunk)
      callback()
    },
    flush(callback) {
      inner.once('end', () => callback())
      inner.end()
    },
  })
  inner.on('data', (data: Buffer) => outer.push(data))
  inner.on('error', (err: Error) => outer.destroy(err))
  return outer
}
