import { stat } from 'node:fs/promises'
import { PostflightError } from '../errors.ts'
import { sniffArchiveFormat } from './detect.ts'
import type { ArchiveFormat } from './types.ts'

/**
 * The format to read `path` as: the one asked for, else the detected one. Throws when the file is
 * missing or is not an archive at all; a damaged archive is left for the reader to report.
 */
export async function resolveFormat(path: string, format?: ArchiveFormat): Promise<ArchiveFormat> {
  let isFile: boolean
  try {
    isFile = (await stat(path)).isFile()
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new PostflightError(
      code === 'ENOENT' ? 'NOT_FOUND' : 'IO',
      `${path}: cannot read the archive (${code ?? 'error'}); check the path`,
      { cause: err, field: path },
    )
  }
  if (!isFile)
    throw new PostflightError('IO', `${path}: expected an archive file, found something else`, {
      field: path,
    })
  const found = format ?? (await sniffArchiveFormat(path))
  if (found === undefined) {
    throw new PostflightError(
      'ARCHIVE',
      `${path}: not an archive: neither its name (.tar, .tar.gz/.tgz, .tar.xz, .tar.bz2, .tar.zst, .zip, .gz, .xz, .bz2, .zst) nor its first bytes match a supported format`,
      { field: path },
    )
  }
  return found
}
