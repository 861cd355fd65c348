import type { UnsafeEntry } from './types.ts'

/** What an archive entry is, across tar and zip. */
export type EntryKind = 'file' | 'directory' | 'symlink' | 'hardlink' | 'special'

export interface EntryHeader {
  name: string
  kind: EntryKind
  /** Symlinks: relative to the link's directory. Hardlinks: relative to the archive root. */
  linkTarget?: string
}

export type EntryVerdict = { safe: true; segments: string[] } | { safe: false; unsafe: UnsafeEntry }

/**
 * Decides whether an entry stays inside the root, from its stored name and link target alone.
 * Backslashes count as separators, as Windows reads them, so `..\x` is refused on every host.
 * On success, `segments` is the normalised path below the root (empty for the root itself).
 */
export function checkEntry(entry: EntryHeader): EntryVerdict {
  const { name, kind, linkTarget } = entry
  const refuse = (reason: UnsafeEntry['reason']): EntryVerdict => ({
    safe: false,
    unsafe: { name, reason, ...(linkTarget === undefined ? {} : { linkTarget }) },
  })
  if (kind === 'special') return refuse('special-file')
  if (isAbsoluteName(name)) return refuse('absolute-path')
  // A NUL ends the name early for some readers and not others, and a segment of dots may read as
  // `..` on Windows: such a name has no one meaning.
  if (name.includes('\0') || hasDotLikeSegment(name)) return refuse('path-traversal')
  const segments = resolveSegments([], splitName(name))
  // A file, link or device must name something below the root, never the root itself.
  if (segments === undefined || (segments.length === 0 && kind !== 'directory'))
    return refuse('path-traversal')
  if (kind === 'symlink' || kind === 'hardlink') {
    if (linkTarget === undefined || linkTarget === '' || linkTarget.includes('\0'))
      return refuse('link-escape')
    if (isAbsoluteName(linkTarget) || hasDotLikeSegment(linkTarget)) return refuse('link-escape')
    const base = kind === 'symlink' ? segments.slice(0, -1) : []
    const target = resolveSegments(base, splitName(linkTarget))
    if (target === undefined || (kind === 'hardlink' && target.length === 0)) return refuse('link-escape')
  }
  return { safe: true, segments }
}

/** Absolute on some platform: `/x`, `\x`, `C:x`, `C:\x`, `\\server\share`. */
export function isAbsoluteName(name: string): boolean {
  return /^[/\\]/.test(name) || /^[a-zA-Z]:/.test(name)
}

/** Windows drops trailing dots and spaces from a name, so `...` or `.. ` may mean `..` there. */
function hasDotLikeSegment(name: string): boolean {
  return name.split(/[/\\]/).some((segment) => /^[. ]+$/.test(segment) && segment !== '.' && segment !== '..')
}

/** Path segments of a stored name; empty and `.` segments dropped, `..` kept. */
export function splitName(name: string): string[] {
  return name.split(/[/\\]/).filter((segment) => segment !== '' && segment !== '.')
}

/** Applies `segments` below `base`; undefined when a `..` climbs above the root. */
export function resolveSegments(base: readonly string[], segments: readonly string[]): string[] | undefined {
  const out = [...base]
  for (const segment of segments) {
    if (segment !== '..') out.push(segment)
    else if (out.pop() === undefined) return undefined
  }
  return out
}
