import { open } from 'node:fs/promises'
import { PostflightError } from '../errors.ts'
import type { ArchiveFormat } from './types.ts'

type Compression = 'gz' | 'xz' | 'bz2' | 'zst'

// Longest suffixes first, so `.tar.gz` wins over `.gz`.
const SUFFIXES: ReadonlyArray<readonly [string, ArchiveFormat]> = [
  ['.tar.gz', 'tar.gz'],
  ['.tar.xz', 'tar.xz'],
  ['.tar.bz2', 'tar.bz2'],
  ['.tar.zst', 'tar.zst'],
  ['.tgz', 'tar.gz'],
  ['.txz', 'tar.xz'],
  ['.tbz2', 'tar.bz2'],
  ['.tbz', 'tar.bz2'],
  ['.tzst', 'tar.zst'],
  ['.tar', 'tar'],
  ['.zip', 'zip'],
  ['.jar', 'zip'],
  ['.whl', 'zip'],
  ['.nupkg', 'zip'],
  ['.vsix', 'zip'],
  ['.gz', 'gz'],
  ['.xz', 'xz'],
  ['.bz2', 'bz2'],
  ['.zst', 'zst'],
]

const MAGIC: ReadonlyArray<readonly [Compression, readonly number[]]> = [
  ['gz', [0x1f, 0x8b]],
  ['xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ['zst', [0x28, 0xb5, 0x2f, 0xfd]],
]

/** Bytes to read from the start of a file for `detectArchiveFormat`: one tar header. */
export const ARCHIVE_HEAD_BYTES = 512

/** The compression suffixes of the single-file formats, as `detectArchiveFormat` reads them. */
export const COMPRESSION_SUFFIX: Readonly<Record<Compression, string>> = {
  gz: '.gz',
  xz: '.xz',
  bz2: '.bz2',
  zst: '.zst',
}

/**
 * The archive format of a file, from its name and, when given, its first bytes (up to 512).
 * Magic bytes win over the name: a `.tar.gz` that is really xz reads as `tar.xz`. Whether a
 * compressed stream holds a tar is only known from the name (`.tar.*`, `.tgz`, ...): without it,
 * gzip data is `gz`, one compressed file. When the bytes match no format, the name decides, so a
 * damaged archive is still read as what it claims to be and reported as corrupt.
 * Returns undefined when neither name nor bytes say.
 */
export function detectArchiveFormat(fileName: string, head?: Uint8Array): ArchiveFormat | undefined {
  const byName = formatFromName(fileName)
  if (head === undefined || head.length === 0) return byName
  if (isZipSignature(head)) return 'zip'
  const compression = compressionFromMagic(head)
  if (compression !== undefined) return holdsTar(fileName, byName) ? `tar.${compression}` : compression
  if (isTarHeader(head)) return 'tar'
  return byName
}

/** Reads the head of a file and detects its format; throws when the file cannot be read. */
export async function sniffArchiveFormat(path: string): Promise<ArchiveFormat | undefined> {
  let handle: Awaited<ReturnType<typeof open>>
  try {
    handle = await open(path, 'r')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new PostflightError(
      code === 'ENOENT' ? 'NOT_FOUND' : 'IO',
      `${path}: cannot open the archive (${code ?? 'error'}); check the path`,
      { cause: err, field: path },
    )
  }
  try {
    const head = new Uint8Array(ARCHIVE_HEAD_BYTES)
    const { bytesRead } = await handle.read(head, 0, head.length, 0)
    return detectArchiveFormat(path, head.subarray(0, bytesRead))
  } catch (err) {
    throw new PostflightError('IO', `${path}: cannot read the archive: ${(err as Error).message}`, {
      cause: err,
      field: path,
    })
  } finally {
    await handle.close()
  }
}

function formatFromName(fileName: string): ArchiveFormat | undefined {
  const lower = fileName.toLowerCase()
  return SUFFIXES.find(([suffix]) => lower.endsWith(suffix))?.[1]
}

function holdsTar(fileName: string, byName: ArchiveFormat | undefined): boolean {
  return byName?.startsWith('tar') === true || /\.tar\.[^./\\]+$/i.test(fileName)
}

function startsWith(head: Uint8Array, bytes: readonly number[]): boolean {
  return head.length >= bytes.length && bytes.every((byte, i) => head[i] === byte)
}

function isZipSignature(head: Uint8Array): boolean {
  // Local file header, or the end record alone of an empty zip.
  return startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])
}

function compressionFromMagic(head: Uint8Array): Compression | undefined {
  const found = MAGIC.find(([, bytes]) => startsWith(head, bytes))?.[0]
  if (found !== undefined) return found
  // "BZh" then the block size digit 1-9.
  const level = head[3] ?? 0
  return startsWith(head, [0x42, 0x5a, 0x68]) && level >= 0x31 && level <= 0x39 ? 'bz2' : undefined
}

/**
 * A tar header is recognised by its checksum rather than the `ustar` magic, which v7 archives
 * lack: the unsigned sum of the 512 header bytes, with the checksum field read as spaces.
 */
function isTarHeader(head: Uint8Array): boolean {
  if (head.length < 512) return false
  const field = new TextDecoder()
    .decode(head.subarray(148, 156))
    .replace(/[\0 ]+$/, '')
    .trim()
  if (!/^[0-7]+$/.test(field)) return false
  let sum = 0
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : (head[i] ?? 0)
  return sum === Number.parseInt(field, 8)
}
