import { randomBytes } from 'node:crypto'
import { createWriteStream, type Stats } from 'node:fs'
import { chmod, link, lstat, mkdir, readlink, realpath, rename, rm, symlink, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { PostflightError } from '../errors.ts'
import { resolvesInside } from './link-resolve.ts'
import { ArchiveProblemError } from './problem.ts'

/** A symlink found where a directory was needed: writing there would follow it. */
export interface Blocked {
  /** The link's path below the root. */
  via: string
  linkTarget: string
}

// Errors that mean the tree already holds something else at that path: entries that clash.
const CLASHES = new Set(['EEXIST', 'ENOTDIR', 'EISDIR', 'ENOTEMPTY'])

/**
 * Writes below one root and never through a symlink: every directory on a path is checked with
 * lstat (once, then remembered) before anything is created under it, so a link planted by an
 * earlier entry is never followed. Files are written to a temporary name and renamed into place.
 */
export class SafeTree {
  readonly root: string
  private readonly realDirs = new Set<string>([''])
  private readonly links = new Set<string>()

  private constructor(root: string) {
    this.root = root
  }

  static async open(destDir: string): Promise<SafeTree> {
    await mkdir(destDir, { recursive: true })
    return new SafeTree(await realpath(destDir))
  }

  /** Creates the directories of `segments`, refusing to pass a symlink. */
  async directory(name: string, segments: readonly string[]): Promise<Blocked | undefined> {
    for (let i = 1; i <= segments.length; i++) {
      const rel = segments.slice(0, i).join('/')
      if (this.realDirs.has(rel)) continue
      const path = this.path(rel)
      const stats = await this.lstat(name, path)
      if (stats?.isSymbolicLink()) return { via: rel, linkTarget: await readlink(path) }
      if (stats === undefined) await this.fs(name, () => mkdir(path))
      else if (!stats.isDirectory()) throw clash(name, `"${rel}" is already a file`)
      this.realDirs.add(rel)
    }
    return undefined
  }

  /** Streams `body` into place with `mode`; a failed write leaves nothing behind. */
  async file(
    name: string,
    segments: readonly string[],
    body: Readable,
    mode: number,
  ): Promise<Blocked | undefined> {
    const blocked = await this.directory(name, segments.slice(0, -1))
    if (blocked) return blocked
    const target = this.path(segments.join('/'))
    const temp = this.path(
      [...segments.slice(0, -1), `.postflight-${randomBytes(6).toString('hex')}.partial`].join('/'),
    )
    try {
      await pipeline(body, createWriteStream(temp, { flags: 'wx', mode: 0o600 }))
      await this.fs(name, () => chmod(temp, mode))
      await this.fs(name, () => rename(temp, target))
    } catch (err) {
      await rm(temp, { force: true })
      throw isFsError(err) ? fsProblem(name, err) : err
    }
    return undefined
  }

  /** Creates a symlink; its target was checked by the caller and is checked again by `removeEscapingLinks`. */
  async symlink(name: string, segments: readonly string[], target: string): Promise<Blocked | undefined> {
    const blocked = await this.directory(name, segments.slice(0, -1))
    if (blocked) return blocked
    const rel = segments.join('/')
    await this.clear(name, rel)
    await this.fs(name, () => symlink(target.replace(/\\/g, '/'), this.path(rel)))
    this.links.add(rel)
    return undefined
  }

  /** Hard-links to an earlier regular file, reached without passing a symlink. */
  async hardlink(
    name: string,
    segments: readonly string[],
    target: readonly string[],
  ): Promise<Blocked | undefined> {
    const targetRel = target.join('/')
    for (let i = 1; i < target.length; i++) {
      const rel = target.slice(0, i).join('/')
      if (this.realDirs.has(rel)) continue
      const stats = await this.lstat(name, this.path(rel))
      if (stats?.isSymbolicLink()) return { via: rel, linkTarget: await readlink(this.path(rel)) }
      if (!stats?.isDirectory()) throw clash(name, `its target "${targetRel}" does not exist`)
    }
    const stats = await this.lstat(name, this.path(targetRel))
    if (stats?.isSymbolicLink()) return { via: targetRel, linkTarget: await readlink(this.path(targetRel)) }
    if (!stats?.isFile()) throw clash(name, `its target "${targetRel}" is not a file extracted earlier`)
    const blocked = await this.directory(name, segments.slice(0, -1))
    if (blocked) return blocked
    const rel = segments.join('/')
    if (rel === targetRel) return undefined
    await this.clear(name, rel)
    await this.fs(name, () => link(this.path(targetRel), this.path(rel)))
    return undefined
  }

  /** Removes every symlink made here that resolves outside the root now that all are in place. */
  async removeEscapingLinks(): Promise<Array<{ rel: string; linkTarget: string }>> {
    const removed: Array<{ rel: string; linkTarget: string }> = []
    for (const rel of this.links) {
      const path = this.path(rel)
      const stats = await lstat(path).catch(() => undefined)
      if (!stats?.isSymbolicLink()) continue
      if (await resolvesInside(this.root, rel.split('/'))) continue
      removed.push({ rel, linkTarget: await readlink(path) })
      await unlink(path)
    }
    return removed
  }

  private async clear(name: string, rel: string): Promise<void> {
    const stats = await this.lstat(name, this.path(rel))
    if (stats?.isDirectory()) throw clash(name, `"${rel}" is already a directory`)
    if (stats !== undefined) await this.fs(name, () => unlink(this.path(rel)))
  }

  private path(rel: string): string {
    return rel === '' ? this.root : join(this.root, ...rel.split('/'))
  }

  private async lstat(name: string, path: string): Promise<Stats | undefined> {
    try {
      return await lstat(path)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw fsProblem(name, err)
    }
  }

  private async fs<T>(name: string, op: () => Promise<T>): Promise<T> {
    try {
      return await op()
    } catch (err) {
      throw fsProblem(name, err)
    }
  }
}

function isFsError(err: unknown): err is NodeJS.ErrnoException {
  return typeof (err as NodeJS.ErrnoException | undefined)?.syscall === 'string'
}

function clash(name: string, what: string): ArchiveProblemError {
  return new ArchiveProblemError('corrupt', `entry "${name}" cannot be written: ${what}`, name)
}

/** A clash between entries is the archive's fault; anything else (full disk, permissions) is ours. */
function fsProblem(name: string, err: unknown): Error {
  if (err instanceof PostflightError) return err
  const { code, message } = err as NodeJS.ErrnoException
  if (code !== undefined && CLASHES.has(code))
    return clash(name, `it clashes with an earlier entry (${code})`)
  return new PostflightError('IO', `cannot write entry "${name}": ${message}`, { cause: err })
}
