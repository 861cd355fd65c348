import { ArchiveBudget } from './budget.ts'
import { LinkModel } from './link-model.ts'
import { resolveFormat } from './open-archive.ts'
import { ArchiveProblemError } from './problem.ts'
import { type ArchiveInspection, type ArchiveReadOptions, resolveLimits, type UnsafeEntry } from './types.ts'
import { walkArchive } from './walk.ts'

/**
 * Reads an archive to its end, streaming, and says whether it is whole and safe to unpack: every
 * entry is decompressed (zip entries CRC-checked), every name and link target checked, also through
 * the links declared before it (see LinkModel), and the limits enforced. A truncated, corrupt,
 * over-limit or unsupported archive does not throw: it comes back with `ok: false` and a `problem`.
 * Throws PostflightError NOT_FOUND or IO when the file cannot be read, ARCHIVE when it is not an
 * archive at all, ABORTED when the signal fires.
 */
export async function inspectArchive(
  path: string,
  options: ArchiveReadOptions = {},
): Promise<ArchiveInspection> {
  const format = await resolveFormat(path, options.format)
  const budget = new ArchiveBudget(resolveLimits(options.limits))
  const unsafe: UnsafeEntry[] = []
  // Names are checked against the links declared before them, as an extractor would meet them.
  const links = new LinkModel()
  let problem: ArchiveInspection['problem']
  try {
    await walkArchive(
      path,
      format,
      async (entry) => {
        const refused = links.check(entry)
        if (refused) unsafe.push(refused)
      },
      { budget, signal: options.signal },
    )
  } catch (err) {
    if (!(err instanceof ArchiveProblemError)) throw err
    problem = err.problem
  }
  unsafe.push(...links.escapes())
  return {
    format,
    entries: budget.entries,
    files: budget.files,
    totalBytes: budget.totalBytes,
    unsafe,
    ok: problem === undefined && unsafe.length === 0,
    ...(problem === undefined ? {} : { problem }),
  }
}
