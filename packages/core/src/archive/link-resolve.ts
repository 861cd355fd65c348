import { lstat, readlink } from 'node:fs/promises'
import { isAbsolute, join, relative, sep } from 'node:path'
import { splitName } from './entry-safety.ts'

// The same bound as Linux's ELOOP: past it the chain is a loop or an attack.
const MAX_HOPS = 40

/**
 * Whether `segments` below `root` resolve inside it on disk, following every symlink on the way
 * as the OS would. Unlike realpath it tolerates missing components (a dangling link is fine if it
 * dangles inside). Needed because a link's target that looks inside lexically (`l/..`) can leave
 * the root once `l` itself is a link, and later entries can change what earlier links mean.
 */
export async function resolvesInside(root: string, segments: readonly string[]): Promise<boolean> {
  // `at` only ever holds real directories (or missing names), so `..` may pop it lexically.
  const at: string[] = []
  const pending = [...segments]
  let hops = 0
  while (pending.length > 0) {
    const segment = pending.shift() as string
    if (segment === '..') {
      if (at.pop() === undefined) return false
      continue
    }
    const path = join(root, ...at, segment)
    const stats = await lstat(path).catch(() => undefined)
    if (stats?.isSymbolicLink() !== true) {
      at.push(segment)
      continue
    }
    if (++hops > MAX_HOPS) return false
    const target = await readlink(path)
    if (isAbsolute(target) || /^[/\\]|^[a-zA-Z]:/.test(target)) {
      const below = relative(root, target)
      if (below.startsWith(`..${sep}`) || below === '..' || isAbsolute(below)) return false
      at.length = 0
      pending.unshift(...splitName(below))
    } else {
      pending.unshift(...splitName(target))
    }
  }
  return true
}
