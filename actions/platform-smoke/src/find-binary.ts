import { chmod, stat } from 'node:fs/promises'
import path from 'node:path'
import type { CheckOutcome, PlatformOs } from '@postflight/core'
import { binaryNameFromAsset } from './binary-name.ts'

export type BinaryLookup =
  | { found: true; path: string; rel: string }
  | { found: false; why: string; candidates: string[] }

/**
 * Finds the executable named `name` (plus `.exe` for Windows) among the unpacked files: the
 * shallowest match wins (`app/bin/app` over `app/share/completions/app`); two at the same depth are
 * ambiguous. When none matches, `candidates` lists the files that look runnable, so the message
 * can say which `binary` to give.
 */
export async function findBinary(
  root: string,
  files: readonly string[],
  name: string,
  os: PlatformOs,
): Promise<BinaryLookup> {
  const wanted = os === 'win32' ? [`${name}.exe`, name] : [name]
  const fold = (s: string): string => (os === 'win32' ? s.toLowerCase() : s)
  const matches: string[] = []
  for (const rel of files) {
    const base = fold(path.posix.basename(rel))
    if (wanted.some((w) => fold(w) === base) && (await isFile(path.join(root, rel)))) matches.push(rel)
  }
  const depth = (rel: string): number => rel.split('/').length
  matches.sort((a, b) => depth(a) - depth(b) || Number(!/\.exe$/i.test(a)) - Number(!/\.exe$/i.test(b)))
  const best = matches[0]
  if (best !== undefined) {
    const same = (m: string): boolean => fold(path.posix.basename(m)) === fold(path.posix.basename(best))
    const tied = matches.filter((m) => m !== best && depth(m) === depth(best) && same(m))
    if (tied.length > 0)
      return { found: false, why: `${matches.length} files named ${name}`, candidates: matches }
    return { found: true, path: path.join(root, ...best.split('/')), rel: best }
  }
  return {
    found: false,
    why: `no file named ${wanted.join(' or ')}`,
    candidates: await runnable(root, files, os),
  }
}

async function isFile(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined))?.isFile() === true
}

// Files with an executable bit (or .exe on Windows), else every file: what `binary` could name.
async function runnable(root: string, files: readonly string[], os: PlatformOs): Promise<string[]> {
  const all: string[] = []
  const exec: string[] = []
  for (const rel of files) {
    const s = await stat(path.join(root, rel)).catch(() => undefined)
    if (!s?.isFile()) continue
    all.push(rel)
    if (os === 'win32' ? /\.exe$/i.test(rel) : (s.mode & 0o111) !== 0) exec.push(rel)
  }
  return (exec.length > 0 ? exec : all).slice(0, 20)
}

/**
 * The `binary:` check: the file to run, made executable. A single-file asset (a bare binary,
 * `tool.gz`) is the binary whatever its name; otherwise `binary`, or the name the asset is named
 * after, is looked up and the runnable files are listed when it is missing.
 */
export async function binaryCheck(
  unpacked: { root: string; files: string[]; single?: boolean | undefined },
  binary: string | undefined,
  asset: string,
  os: PlatformOs,
): Promise<{ name: string; title: string; outcome: CheckOutcome; path?: string }> {
  const name = binary ?? binaryNameFromAsset(asset)
  const title = `The asset holds the binary ${name}`
  const single = unpacked.single ? unpacked.files[0] : undefined
  const lookup: BinaryLookup = single
    ? { found: true, path: path.join(unpacked.root, single), rel: single }
    : await findBinary(unpacked.root, unpacked.files, name, os)
  const how = single
    ? 'the asset is the binary itself'
    : binary
      ? 'the binary input'
      : `named after the asset ${asset}; set binary to change it`
  if (!lookup.found) {
    const candidates = lookup.candidates.join(', ') || 'none'
    return {
      name,
      title,
      outcome: {
        status: 'fail',
        message: `${lookup.why} in ${asset} (${how}); candidates: ${candidates}`,
        evidence: { binary: name, candidates: lookup.candidates },
      },
    }
  }
  // A bare binary or a single .gz carries no permission bits; an archive's are kept but may lack +x.
  if (os !== 'win32') await chmod(lookup.path, (await stat(lookup.path)).mode | 0o755)
  return {
    name,
    title,
    outcome: {
      status: 'pass',
      message: `${lookup.rel} (${how})`,
      evidence: { binary: name, path: lookup.rel },
    },
    path: lookup.path,
  }
}
