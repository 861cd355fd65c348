import { Transform, type TransformCallback } from 'node:stream'

const ZSTD_MAGIC = 0xfd2fb528
const SKIPPABLE_MASK = 0xfffffff0
const SKIPPABLE_MAGIC = 0x184d2a50

type State = 'magic' | 'descriptor' | 'skip-size' | 'block-header' | 'skip' | 'passthrough'

/**
 * Re-chunks a zstd stream so that every frame starts a new chunk. Node 24's zstd decompressor
 * decodes only the first frame of a chunk and silently drops the rest (nodejs/node#64741), while a
 * `.zst` file may hold many frames (pzstd, `cat a.zst b.zst`). Fed frame-aligned chunks, one
 * decompressor decodes them all. No library exposes frame boundaries, so this walks the frame and
 * block headers of RFC 8878 by hand; it never decodes, and on anything it does not recognise it
 * passes the rest through unchanged, leaving the error to the decompressor.
 */
export class ZstdFrameSplitter extends Transform {
  private state: State = 'magic'
  private header: number[] = []
  private need = 4
  private skipThen: State = 'magic'
  private checksum = false

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    let start = 0
    let i = 0
    while (i < chunk.length && this.state !== 'passthrough') {
      if (this.state === 'skip') {
        const step = Math.min(this.need, chunk.length - i)
        i += step
        this.need -= step
        if (this.need === 0) this.expect(this.skipThen)
      } else {
        this.header.push(chunk[i++] ?? 0)
        if (this.header.length === this.need) this.onHeader()
      }
      // A frame just ended: hand it over as a chunk of its own.
      if (this.state === 'magic' && this.header.length === 0 && i > start) {
        this.push(chunk.subarray(start, i))
        start = i
      }
    }
    if (chunk.length > start) this.push(chunk.subarray(start))
    callback()
  }

  private onHeader(): void {
    const bytes = Buffer.from(this.header)
    this.header = []
    if (this.state === 'magic') {
      const magic = bytes.readUInt32LE(0)
      if (magic === ZSTD_MAGIC) this.expect('descriptor')
      else if ((magic & SKIPPABLE_MASK) >>> 0 === SKIPPABLE_MAGIC) this.expect('skip-size')
      else this.state = 'passthrough'
    } else if (this.state === 'descriptor') {
      const fhd = bytes[0] ?? 0
      const singleSegment = (fhd & 0x20) !== 0
      const fcsFlag = fhd >> 6
      const contentSizeBytes = fcsFlag === 0 ? (singleSegment ? 1 : 0) : 1 << fcsFlag
      const dictionaryIdBytes = [0, 1, 2, 4][fhd & 0x03] ?? 0
      this.checksum = (fhd & 0x04) !== 0
      this.skip((singleSegment ? 0 : 1) + dictionaryIdBytes + contentSizeBytes, 'block-header')
    } else if (this.state === 'skip-size') {
      this.skip(bytes.readUInt32LE(0), 'magic')
    } else if (this.state === 'block-header') {
      const value = bytes.readUIntLE(0, 3)
      const type = (value >> 1) & 0x03
      const size = type === 1 ? 1 : value >>> 3
      if (type === 3) this.state = 'passthrough'
      else if ((value & 1) === 0) this.skip(size, 'block-header')
      // The last block, then the 4-byte content checksum when the frame has one.
      else this.skip(size + (this.checksum ? 4 : 0), 'magic')
    }
  }

  private skip(bytes: number, then: State): void {
    this.skipThen = then
    if (bytes === 0) this.expect(then)
    else {
      this.state = 'skip'
      this.need = bytes
    }
  }

  private expect(state: State): void {
    this.state = state
    this.need = state === 'magic' || state === 'skip-size' ? 4 : state === 'descriptor' ? 1 : 3
  }
}
