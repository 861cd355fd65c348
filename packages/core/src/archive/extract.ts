import { PostflightError } from '../errors.ts'
import { ArchiveBudget } from './budget.ts'
import { checkEntry, resolveSegments, splitName } from './entry-safety.ts'
import { resolveFormat } from './open-archive.ts'
import { ArchiveProblemError } from './problem.ts'
import { type Blocked, SafeTree } from './safe-tree.ts'
import { type ArchiveExtraction, type ArchiveReadOptions, resolveLimits, type UnsafeEntry } from './types.ts'
import { walkArchive } from './walk.ts'
import type { ArchiveEntry } from './walk-entry.ts'

/**
 * Extracts an archive into `destDir` (created if missing) without ever writing outside it:
 * unsafe entries (see `inspectArchive`) are skipped and reported, nothing is written through a
 * symlink, and symlinks that resolve outside once every entry is in place are removed and
 * reported. Permission bits are kept (executables stay executable), less setuid/setgid/sticky.
 * Limits are enforced while streaming, so a zip bomb stops at the limit.
 *
 * A truncated, corrupt or over-limit archive does not throw: extraction stops with `ok: false` and
 * a `problem`; files written before that stay, the one being written is removed. Check `ok`
 * before using the files. Throws PostflightError NOT_FOUND, IO, ARCHIVE (not an archive) or ABORTED.
 */
export async function extractArchive(
  path: string,
  destDir: string,
  options: ArchiveReadOptions = {},
): Promise<ArchiveExtraction> {
  const format = await resolveFormat(path, options.format)
  const budget = new ArchiveBudget(resolveLimits(options.limits))
  const tree = await SafeTree.open(destDir)
  const extracted = new Set<string>()
  const skipped: UnsafeEntry[] = []

  const visit = async (entry: ArchiveEntry): Promise<void> => {
    const verdict = checkEntry(entry)
    if (!verdict.safe) {
      skipped.push(verdict.unsafe)
      return
    }
    const { segments } = verdict
    if (segments.length === 0) return
    const blocked = await write(tree, entry, segments)
    if (blocked) skipped.push({ name: entry.name, reason: 'link-escape', linkTarget: blocked.linkTarget })
    else extracted.add(segments.join('/'))
  }

  let problem: ArchiveExtraction['problem']
  try {
    await walkArchive(path, format, visit, { budget, signal: options.signal })
  } catch (err) {
    if (!(err instanceof ArchiveProblemError)) {
      await tree.removeEscapingLinks().catch(() => [])
      throw err
    }
    problem = err.problem
  }
  for (const { rel, linkTarget } of await tree.removeEscapingLinks()) {
    extracted.delete(rel)
    skipped.push({ name: rel, reason: 'link-escape', linkTarget })
  }
  return {
    format,
    destDir: tree.root,
    extracted: [...extracted],
    skipped,
    entries: budget.entries,
    files: budget.files,
    totalBytes: budget.totalBytes,
    ok: problem === undefined && skipped.length === 0,
    ...(problem === undefined ? {} : { problem }),
  }
}

async function write(tree: SafeTree, entry: ArchiveEntry, segments: string[]): Promise<Blocked | undefined> {
  switch (entry.kind) {
    case 'directory':
      return tree.directory(entry.name, segments)
    case 'file':
      if (entry.body === undefined)
        throw new PostflightError('INTERNAL', `entry "${entry.name}" came without content`)
      return tree.file(entry.name, segments, entry.body, fileMode(entry.mode))
    case 'symlink':
      return tree.symlink(entry.name, segments, entry.linkTarget ?? '')
    case 'hardlink':
      return tree.hardlink(entry.name, segments, resolveSegments([], splitName(entry.linkTarget ?? '')) ?? [])
    default:
      // checkEntry refuses special files; nothing else reaches here.
      return undefined
  }
}

/**
 * The stored permission bits without setuid, setgid and sticky, and always owner-writable: a
 * read-only file could not be replaced or cleaned up afterwards (on Windows it cannot even be deleted).
 */
function fileMode(mode: number | undefined): number {
  return ((mode ?? 0o644) & 0o777) | 0o600
}
