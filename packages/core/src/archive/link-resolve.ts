import { lstat, readlink } from 'node:fs/promises'
import { isAbsolute, join, relative, sep } from 'node:path'
import { isAbsoluteName, splitName } from './entry-safety.ts'

// The same bound as Linux's ELOOP: past it the chain is a loop or an attack.
const MAX_HOPS = 40
// Segments link targets may add to one path; bounds the work a few long targets can cause.
const MAX_EXPANDED_SEGMENTS = 4096

/** Where a path ends up: below the root at `path`, or outside it (or lost in a loop). */
export type Resolution =
  | { inside: true; path: string[] }
  | {
      inside: false
      /** The target of the first link followed, when the path ran through one. */
      via?: string
    }

/**
 * Follows `segments` from `base` (taken as real directories below the root) as the OS would,
 * asking its driver about each path on the way: the generator yields the path so far (valid until
 * the next step) and must be sent back the target of the symlink there, or undefined. Targets are
 * read from the link's directory; an absolute one is outside. `followLast: false` stops before the
 * last segment of `segments`, as creating a link or a file in place of a link would.
 *
 * One pure resolver for both the disk (`resolvesInside`) and the links an archive declares
 * (`LinkModel`), so the two cannot disagree. Between two yields the path only shrinks, then grows
 * by one segment: a driver may mirror it with a stack.
 */
export function* resolvePath(
  base: readonly string[],
  segments: readonly string[],
  followLast = true,
): Generator<readonly string[], Resolution, string | undefined> {
  // `at` only ever holds real directories (or missing names), so `..` may pop it lexically.
  const at = [...base]
  const pending = segments.toReversed()
  let hops = 0
  let expanded = 0
  let via: string | undefined
  while (pending.length > 0) {
    const segment = pending.pop() as string
    if (segment === '..') {
      if (at.pop() === undefined) return { inside: false, via }
      continue
    }
    at.push(segment)
    if (!followLast && pending.length === 0) break
    const target = yield at
    if (target === undefined) continue
    at.pop()
    via ??= target
    const next = splitName(target)
    expanded += next.length
    if (++hops > MAX_HOPS || expanded > MAX_EXPANDED_SEGMENTS || isAbsoluteName(target))
      return { inside: false, via }
    for (let i = next.length - 1; i >= 0; i--) pending.push(next[i] as string)
  }
  return { inside: true, path: at }
}

/**
 * Whether `segments` below `root` resolve inside it on disk, following every symlink on the way
 * as the OS would. Unlike realpath it tolerates missing components (a dangling link is fine if it
 * dangles inside). Needed because a link's target that looks inside lexically (`l/..`) can leave
 * the root once `l` itself is a link, and later entries can change what earlier links mean.
 */
export async function resolvesInside(root: string, segments: readonly string[]): Promise<boolean> {
  const steps = resolvePath([], segments)
  let step = steps.next()
  while (!step.done) {
    const path = join(root, ...step.value)
    const stats = await lstat(path).catch(() => undefined)
    const target = stats?.isSymbolicLink() ? fromLinkDir(root, step.value, await readlink(path)) : undefined
    step = steps.next(target)
  }
  return step.value.inside
}

/**
 * An on-disk target as resolvePath reads one, relative to the link's directory: an absolute target
 * that points below the root becomes the climb to the root and the way down from there.
 */
function fromLinkDir(root: string, link: readonly string[], target: string): string {
  if (!isAbsolute(target)) return target
  const below = relative(root, target)
  if (below === '..' || below.startsWith(`..${sep}`) || isAbsolute(below)) return target
  return [...Array<string>(link.length - 1).fill('..'), below].join('/')
}
