import { copyFile, mkdir } from 'node:fs/promises'
import path from 'node:path'
import { type ArchiveExtraction, type CheckOutcome, extractArchive, fileKind } from '@postflight/core'

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
 * run — and a bare binary copied as is. Installers are not unpacked yet.
 */
export async function unpackAsset(asset: string, dest: string, signal: AbortSignal): Promise<Unpacked> {
  const name = path.basename(asset)
  const kind = fileKind(name)
  if (kind.kind === 'installer') {
    return {
      outcome: {
        status: 'error',
        message: `${name} is an installer (${kind.format}); installing it is not supported yet: pick an archive or a bare binary with the asset or prefer input`,
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
