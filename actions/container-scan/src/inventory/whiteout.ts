/**
 * Whiteouts (OCI image-spec layer.md): in a layer, `dir/.wh.name` deletes `dir/name` (and what is
 * under it) from the layers below, and `dir/.wh..wh..opq` empties `dir` of what the layers below put
 * there. They never touch what the same layer adds.
 */
export type Whiteout = { kind: 'remove'; path: string } | { kind: 'opaque'; dir: string }

/** The whiteout an entry path stands for, or undefined for an ordinary entry. */
export function parseWhiteout(entryPath: string): Whiteout | undefined {
  const slash = entryPath.lastIndexOf('/')
  const dir = slash === -1 ? '' : entryPath.slice(0, slash)
  const base = entryPath.slice(slash + 1)
  if (base === '.wh..wh..opq') return { kind: 'opaque', dir }
  if (base.startsWith('.wh.') && base.length > 4) {
    const name = base.slice(4)
    return { kind: 'remove', path: dir ? `${dir}/${name}` : name }
  }
  return undefined
}

/** True when `path` is `root` or under it (`root` empty is the image's root). */
export function isUnder(path: string, root: string): boolean {
  return root === '' || path === root || path.startsWith(`${root}/`)
}

/** Applies one layer's whiteouts to the paths the lower layers left (deletes from `lower` in place). */
export function applyWhiteouts<T>(lower: Map<string, T>, whiteouts: readonly Whiteout[]): void {
  if (whiteouts.length === 0) return
  for (const path of [...lower.keys()]) {
    for (const w of whiteouts) {
      const gone = w.kind === 'remove' ? isUnder(path, w.path) : path !== w.dir && isUnder(path, w.dir)
      if (gone) {
        lower.delete(path)
        break
      }
    }
  }
}
