import { randomBytes } from 'node:crypto'
import { mkdir, open, rename, stat, unlink } from 'node:fs/promises'
import path from 'node:path'
import { describeError, PostflightError } from '../errors.ts'

/** What `writeFileAtomic` writes: whole data, or chunks from a source that may fail part-way. */
export type AtomicData = string | Uint8Array | AsyncIterable<string | Uint8Array>

export interface WriteAtomicOptions {
  /** File mode of the result. Default: the mode of the file being replaced, else 0o666 less the umask. */
  mode?: number
}

async function existingMode(file: string): Promise<number | undefined> {
  try {
    return (await stat(file)).mode & 0o7777
  } catch {
    return undefined
  }
}

// Windows refuses a rename over a file another process (often an antivirus scanner) briefly holds open.
async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await rename(from, to)
      return
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      const transient =
        process.platform === 'win32' && (code === 'EPERM' || code === 'EACCES' || code === 'EBUSY')
      if (!transient || attempt >= 10) throw err
      await new Promise((resolve) => setTimeout(resolve, attempt * 50))
    }
  }
}

// Makes the rename itself durable. Directories cannot be opened for fsync on Windows; NTFS journals renames.
async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/**
 * Writes a file so that readers, and a crash, see either the old content or the new, never a part:
 * the data goes to a temp file in the same directory, is fsynced, then renamed over `file`. The temp
 * file is removed when anything fails. Throws an IO PostflightError naming the file.
 */
export async function writeFileAtomic(
  file: string,
  data: AtomicData,
  options: WriteAtomicOptions = {},
): Promise<void> {
  const target = path.resolve(file)
  // Same directory, so the rename never crosses a filesystem; dot-prefixed so globs skip it.
  const temp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`,
  )
  const mode = options.mode ?? (await existingMode(target))
  let created = false
  try {
    const handle = await open(temp, 'wx', mode ?? 0o666)
    created = true
    try {
      if (typeof data === 'string' || data instanceof Uint8Array) {
        await handle.writeFile(data)
      } else {
        // writeFile continues from the current position and, unlike write, loops over short writes.
        for await (const chunk of data) await handle.writeFile(chunk)
      }
      // open() applies the umask; an explicit or inherited mode must come out exact.
      if (mode !== undefined) await handle.chmod(mode)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await renameWithRetry(temp, target)
    created = false
    await syncDir(path.dirname(target))
  } catch (err) {
    if (created) await unlink(temp).catch(() => undefined)
    // A data source's own PostflightError (ABORTED, say) already says what went wrong.
    if (err instanceof PostflightError) throw err
    throw new PostflightError('IO', `Could not write ${target}: ${describeError(err)}`, {
      cause: err,
      field: target,
    })
  }
}

/** Writes `value` as pretty JSON with a trailing newline, atomically. */
export async function writeJsonAtomic(
  file: string,
  value: unknown,
  options: WriteAtomicOptions = {},
): Promise<void> {
  const text = JSON.stringify(value, null, 2)
  if (text === undefined) {
    throw new PostflightError(
      'INTERNAL',
      `Could not write ${file}: the value (${typeof value}) has no JSON form.`,
      {
        field: file,
      },
    )
  }
  await writeFileAtomic(file, `${text}\n`, options)
}

/** Creates a directory and its parents; an existing directory is fine. Throws an IO PostflightError. */
export async function ensureDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true })
  } catch (err) {
    throw new PostflightError('IO', `Could not create directory ${dir}: ${describeError(err)}`, {
      cause: err,
      field: dir,
    })
  }
}
