import { copyFile, mkdir } from 'node:fs/promises'
import path from 'node:path'
import {
  type ArchiveExtraction,
  type CheckOutcome,
  describeError,
  extractArchive,
  fileKind,
  isPostflightError,
} from '@postflight/core'
import { unpackDeb } from './deb/unpack-deb.ts'

export interface Unpacked {
  outcome: CheckOutcome
  /** Where the files are, and their relative paths; absent when nothing may be run. */
  root?: string
  files?: string[]
  /** The asset is one file (a bare binary, or `tool.gz`): that file is the binary, whatever its name. */
  single?: boolean
}

const SINGLE_FILE_FORMATS = new Set(['gz', 'xz', 'bz2', 'zst'])

/**
 * Puts the asset's files in `dest`: an archive (or a single `.gz`/`.xz`… file) through core's safe
 * extraction — an unsafe entry, a truncated or over-limit archive fails the check and nothing is
 * run — a .deb by reading its ar container and its data.tar the same safe way (no dpkg), and a
 * bare binary copied as is. Other installers (.msi, .pkg, .rpm…) are not unpacked.
 */
export async function unpackAsset(
  asset: string,
  dest: string,
  signal: AbortSignal,
  scratch = `${dest}.tmp`,
): Promise<Unpacked> {
  const name = path.basename(asset)
  const kind = fileKind(name)
  if (kind.format === 'deb') return unpackDebAsset(asset, dest, scratch, signal)
  if (kind.kind === 'installer') {
    return {
      outcome: {
        status: 'error',
        message: `${name} is an installer (${kind.format}) that is not unpacked (only .deb is): pick an archive or a bare binary with the asset or prefer input`,
        evidence: { asset: name, kind: kind.kind, format: kind.format },
      },
    }
  }
  if (kind.kind === 'binary') {
    await mkdir(dest, { recursive: true })
    await copyFile(asset, path.join(dest, name))
    return {
      outcome: {
        status: 'pass',
        message: `${name} is a bare binary`,
        evidence: { asset: name, kind: 'binary' },
      },
      root: dest,
      files: [name],
      single: true,
    }
  }
  const x = await extractArchive(asset, dest, { signal })
  if (!x.ok) return { outcome: refused(name, x) }
  return {
    outcome: {
      status: 'pass',
      message: `${name}: ${x.files} files extracted (${x.format})`,
      evidence: { asset: name, format: x.format, entries: x.entries, files: x.files, bytes: x.totalBytes },
    },
    root: x.destDir,
    files: x.extracted,
    ...(SINGLE_FILE_FORMATS.has(x.format) && x.extracted.length === 1 ? { single: true } : {}),
  }
}

async function unpackDebAsset(
  asset: string,
  dest: string,
  scratch: string,
  signal: AbortSignal,
): Promise<Unpacked> {
  const name = path.basename(asset)
  let x: Awaited<ReturnType<typeof unpackDeb>>
  try {
    x = await unpackDeb(asset, dest, scratch, signal)
  } catch (err) {
    // A damaged container is a broken release, not a check that could not be made.
    if (!isPostflightError(err, 'ARCHIVE')) throw err
    return {
      outcome: {
        status: 'fail',
        severity: 'high',
        message: describeError(err),
        evidence: { asset: name, format: 'deb' },
      },
    }
  }
  if (!x.ok) return { outcome: refused(name, x) }
  return {
    outcome: {
      status: 'pass',
      message: `${name}: ${x.files} files extracted from its ${x.member} (read without dpkg)`,
      evidence: {
        asset: name,
        format: 'deb',
        member: x.member,
        entries: x.entries,
        files: x.files,
        bytes: x.totalBytes,
      },
    },
    root: x.destDir,
    files: x.extracted,
  }
}

function refused(name: string, x: ArchiveExtraction): CheckOutcome {
  const unsafe = x.skipped.map((s) => `${s.name} (${s.reason}${s.linkTarget ? ` → ${s.linkTarget}` : ''})`)
  const why = x.problem
    ? `${x.problem.kind}: ${x.problem.message}`
    : `${unsafe.length} unsafe entr${unsafe.length === 1 ? 'y' : 'ies'}: ${unsafe.slice(0, 5).join(', ')}`
  return {
    status: 'fail',
    severity: 'high',
    message: `${name} was not unpacked safely, so nothing from it is run: ${why}`,
    evidence: {
      asset: name,
      format: x.format,
      skipped: x.skipped,
      ...(x.problem ? { problem: x.problem } : {}),
    },
  }
}
