import type { FileHandle } from 'node:fs/promises'
import yauzl from 'yauzl'
import { PostflightError } from '../errors.ts'
import { checkEntry, type EntryKind } from './entry-safety.ts'
import { ArchiveProblemError, zipProblem } from './problem.ts'

const LOCAL_SIGNATURE = 0x04034b50
const ZIP64_FIELD = 0x0001
const DATA_DESCRIPTOR_FLAG = 0x8
const ZIP64_SIZE = 0xffffffff
// Local headers of small entries lie close together: one read of this size serves many of them.
const WINDOW_BYTES = 64 * 1024

/** What an entry's local file header says, once it agrees with the central directory. */
export interface LocalHeader {
  /** The name to hand the entry over under (see checkLocalHeader). */
  name: string
  /** Where the entry's header and data lie in the file, end exclusive. */
  start: number
  end: number
}

/** Reads parts of the zip through a window, so that nearby headers cost one read, not one each. */
export class HeaderReader {
  private readonly handle: FileHandle
  readonly fileSize: number
  private window = Buffer.alloc(0)
  private windowStart = 0

  constructor(handle: FileHandle, fileSize: number) {
    this.handle = handle
    this.fileSize = fileSize
  }

  /** `length` bytes at `offset`, or fewer where the file ends first. */
  async bytes(offset: number, length: number): Promise<Buffer> {
    const from = offset - this.windowStart
    if (from >= 0 && from + length <= this.window.length) return this.window.subarray(from, from + length)
    const buffer = Buffer.allocUnsafe(
      Math.max(0, Math.min(Math.max(length, WINDOW_BYTES), this.fileSize - offset)),
    )
    let bytesRead: number
    try {
      ;({ bytesRead } = await this.handle.read(buffer, 0, buffer.length, offset))
    } catch (err) {
      throw new PostflightError('IO', `cannot read the zip: ${(err as Error).message}`, { cause: err })
    }
    this.window = buffer.subarray(0, bytesRead)
    this.windowStart = offset
    return this.window.subarray(0, length)
  }
}

/**
 * Reads the local file header of a central directory entry and checks that both tell one story.
 * Streaming extractors read local headers only, and readers differ on the Info-ZIP Unicode Path
 * field, so an entry may be written under any of the names the two headers give it: when one of
 * them leaves the root, the entry is handed over under that name, to be refused like any unsafe
 * one. Local names, compression method, CRC-32 or sizes that differ otherwise make it corrupt.
 */
export async function checkLocalHeader(
  reader: HeaderReader,
  raw: yauzl.Entry,
  name: string,
  kind: EntryKind,
): Promise<LocalHeader> {
  const start = raw.relativeOffsetOfLocalHeader
  const fixed = await reader.bytes(start, 30)
  if (fixed.length < 30) throw pastEnd(name)
  if (fixed.readUInt32LE(0) !== LOCAL_SIGNATURE)
    throw corrupt(name, 'has no local file header where the central directory says')
  const local = {
    flags: fixed.readUInt16LE(6),
    method: fixed.readUInt16LE(8),
    crc32: fixed.readUInt32LE(14),
    compressedSize: fixed.readUInt32LE(18),
    uncompressedSize: fixed.readUInt32LE(22),
  }
  const nameLength = fixed.readUInt16LE(26)
  const extraLength = fixed.readUInt16LE(28)
  const variable = await reader.bytes(start + 30, nameLength + extraLength)
  const end = start + 30 + nameLength + extraLength + raw.compressedSize
  if (variable.length < nameLength + extraLength || end > reader.fileSize) throw pastEnd(name)
  const localRaw = variable.subarray(0, nameLength)
  let extraFields: yauzl.ExtraField[]
  try {
    extraFields = yauzl.parseExtraFields(variable.subarray(nameLength))
  } catch (err) {
    throw zipProblem(err, name)
  }

  const decode = (flags: number, bytes: Buffer, fields: yauzl.ExtraField[] = []): string =>
    yauzl.getFileNameLowLevel(flags, bytes, fields, true)
  const localPlain = decode(local.flags, localRaw)
  const localName = decode(local.flags, localRaw, extraFields)
  const centralPlain = decode(raw.generalPurposeBitFlag, raw.fileNameRaw)
  const asKind = kind === 'directory' ? 'directory' : 'file'
  const unsafe = [localName, localPlain, centralPlain].find(
    (other) => other !== name && !checkEntry({ name: other, kind: asKind }).safe,
  )
  if (unsafe !== undefined) return { name: unsafe, start, end }
  // Some writers put the Unicode Path field in one header only: that alone is no disagreement.
  const bothUnicode = localName !== localPlain && name !== centralPlain
  if (!localRaw.equals(raw.fileNameRaw) || (bothUnicode && localName !== name)) {
    throw corrupt(
      name,
      `is named "${localName}" in its local header: readers that use one or the other write different files`,
    )
  }
  agree(name, 'compression method', local.method, raw.compressionMethod)
  // With bit 3 the local header leaves CRC and sizes to a data descriptor after the data.
  if ((local.flags & DATA_DESCRIPTOR_FLAG) === 0) {
    agree(name, 'CRC-32', local.crc32, raw.crc32 >>> 0)
    const zip64 = extraFields.find((field) => field.id === ZIP64_FIELD)?.data
    agree(name, 'uncompressed size', size(local.uncompressedSize, zip64, 0), raw.uncompressedSize)
    agree(name, 'compressed size', size(local.compressedSize, zip64, 8), raw.compressedSize)
  }
  return { name, start, end }
}

/** A local header size, from its zip64 field when the header holds 0xffffffff. */
function size(value: number, zip64: Buffer | undefined, at: number): number | undefined {
  if (value !== ZIP64_SIZE) return value
  return zip64 !== undefined && zip64.length >= at + 8 ? Number(zip64.readBigUInt64LE(at)) : undefined
}

function agree(name: string, what: string, local: number | undefined, central: number): void {
  if (local !== central) {
    throw corrupt(
      name,
      `has a ${what} of ${local ?? 'unknown'} in its local header but ${central} in the central directory`,
    )
  }
}

function pastEnd(name: string): ArchiveProblemError {
  return new ArchiveProblemError(
    'truncated',
    `zip: an entry's data runs past the end of the file (at entry "${name}")`,
    name,
  )
}

function corrupt(name: string, what: string): ArchiveProblemError {
  return new ArchiveProblemError('corrupt', `zip: entry "${name}" ${what}`, name)
}

/**
 * Refuses entries whose bytes overlap, the trick of zip bombs that have many central directory
 * entries share one compressed kernel. Entries are usually in file order, so an overlap is caught
 * before the entry is read; out of order, every range is kept and sorted once all are known.
 */
export class OverlapCheck {
  private readonly ranges: Array<{ name: string; start: number; end: number }> = []
  private ordered = true

  add(name: string, start: number, end: number): void {
    const previous = this.ranges.at(-1)
    this.ranges.push({ name, start, end })
    // While in order the ranges so far are disjoint, so only the one before can reach this one.
    if (!this.ordered || previous === undefined) return
    if (start < previous.start) this.ordered = false
    else if (start < previous.end) throw overlap(previous.name, name)
  }

  /** Checks what `add` could not, once every entry is known. */
  finish(): void {
    if (this.ordered) return
    let previous: (typeof this.ranges)[number] | undefined
    for (const range of this.ranges.sort((a, b) => a.start - b.start)) {
      if (previous !== undefined && range.start < previous.end) throw overlap(previous.name, range.name)
      previous = range
    }
  }
}

function overlap(first: string, second: string): ArchiveProblemError {
  return new ArchiveProblemError(
    'corrupt',
    `zip: entries "${first}" and "${second}" overlap in the file: their data would be read twice`,
    second,
  )
}
