import { checkEntry, type EntryHeader, splitName } from './entry-safety.ts'
import { type Resolution, resolvePath } from './link-resolve.ts'
import type { UnsafeEntry } from './types.ts'

/** A path of the model. Only paths that lead to a link are kept, so the model stays small. */
interface Node {
  children?: Map<string, Node>
  link?: DeclaredLink
}

interface DeclaredLink {
  /** The entry that made it, and what to report it with. */
  name: string
  stored: string
  /** Where it sits, below the root, and its target as resolvePath reads it. */
  parent: string[]
  base: string
  target: string
  node: Node
  reported: boolean
}

/**
 * The symlinks an archive has declared so far, held in memory, so that each entry can be checked
 * the way an extractor would meet it on disk: a name that runs through earlier links (`b/x` once
 * `a -> .` and `b -> a/..` exist) or a link whose target does, can land outside although every
 * name is fine on its own. A path once a link stays one: a later file or directory of that name
 * may be written through it or may replace it, depending on the tool, and the model assumes the
 * worse. Each check costs the entry's segments plus at most a bounded number of link hops.
 */
export class LinkModel {
  private readonly root: Node = {}
  private readonly declared: DeclaredLink[] = []

  /** Why `entry` may not be written, lexically or through the links before it, if so; records its link. */
  check(entry: EntryHeader): UnsafeEntry | undefined {
    const verdict = checkEntry(entry)
    const unsafe = verdict.safe ? undefined : verdict.unsafe
    const isLink = entry.kind === 'symlink' || entry.kind === 'hardlink'
    if (this.declared.length === 0 && !isLink) return unsafe
    // Traced even when refused already: a naive tool makes that link, and later entries go through it.
    const traced = this.trace(entry, unsafe !== undefined)
    return unsafe ?? traced
  }

  /** Links not yet reported that lead outside now that every link is known. */
  escapes(): UnsafeEntry[] {
    const found: UnsafeEntry[] = []
    for (const link of this.declared) {
      if (link.reported || link.node.link !== link) continue
      if (!this.resolve(link.parent, [link.base]).inside)
        found.push({ name: link.name, reason: 'link-escape', linkTarget: link.stored })
    }
    return found
  }

  private trace(entry: EntryHeader, refused: boolean): UnsafeEntry | undefined {
    const { name, kind, linkTarget = '' } = entry
    const isLink = kind === 'symlink' || kind === 'hardlink'
    // Making a link replaces what is there; writing a file or making a directory may follow it.
    const placed = this.resolve([], splitName(name), !isLink)
    if (!placed.inside) {
      return placed.via === undefined
        ? { name, reason: 'path-traversal' }
        : { name, reason: 'link-escape', linkTarget: placed.via }
    }
    if (kind === 'symlink') return this.record(name, placed.path, linkTarget, linkTarget, refused)
    if (kind === 'hardlink') {
      const target = this.resolve([], splitName(linkTarget), false)
      if (!target.inside) return { name, reason: 'link-escape', linkTarget }
      // A hard link to a symlink is that symlink again, its target now read from another directory.
      const symlink = this.nodeAt(target.path)?.link
      if (symlink !== undefined) return this.record(name, placed.path, symlink.target, linkTarget, refused)
    }
    return undefined
  }

  private record(
    name: string,
    path: string[],
    target: string,
    stored: string,
    refused: boolean,
  ): UnsafeEntry | undefined {
    const base = path.at(-1)
    // A link in place of the root itself is refused by checkEntry; nothing to record.
    if (base === undefined) return undefined
    let node = this.root
    for (const segment of path) {
      node.children ??= new Map()
      const child: Node = node.children.get(segment) ?? {}
      node.children.set(segment, child)
      node = child
    }
    const link: DeclaredLink = {
      name,
      stored,
      parent: path.slice(0, -1),
      base,
      target,
      node,
      reported: refused,
    }
    node.link = link
    this.declared.push(link)
    if (refused || this.resolve(link.parent, [base]).inside) return undefined
    link.reported = true
    return { name, reason: 'link-escape', linkTarget: stored }
  }

  /** resolvePath against the model, which mirrors the path it walks with a stack of nodes. */
  private resolve(base: readonly string[], segments: readonly string[], followLast = true): Resolution {
    const steps = resolvePath(base, segments, followLast)
    // nodes[i] is the node of the path's first i + 1 segments; undefined once off the known paths.
    const nodes: Array<Node | undefined> = []
    let step = steps.next()
    while (!step.done) {
      const path = step.value
      nodes.length = Math.min(nodes.length, path.length - 1)
      while (nodes.length < path.length) {
        const parent = nodes.length === 0 ? this.root : nodes[nodes.length - 1]
        nodes.push(parent?.children?.get(path[nodes.length] as string))
      }
      step = steps.next(nodes[nodes.length - 1]?.link?.target)
    }
    return step.value
  }

  private nodeAt(path: readonly string[]): Node | undefined {
    let node: Node | undefined = this.root
    for (const segment of path) node = node?.children?.get(segment)
    return node
  }
}
