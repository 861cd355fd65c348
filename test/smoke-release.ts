// Builds real release folders for the platform-smoke tests: a shell-script binary packed with the
// real tar, zip and gzip, so extraction, permission bits and execution are the real ones.
import { execFileSync } from 'node:child_process'
import { chmod, mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'

export const HOST = `${process.platform}-${process.arch}`

/** A POSIX shell script standing in for a release binary: `--version` prints `reports`. */
export function appScript(reports: string): string {
  return [
    '#!/bin/sh',
    'case "$1" in',
    `  --version) echo "app ${reports} (commit abc123)" ;;`,
    '  greet) echo "hello $2" ;;',
    '  *) echo "usage: app --version | greet NAME" >&2; exit 2 ;;',
    'esac',
    '',
  ].join('\n')
}

export type Packing = 'tar.gz' | 'zip' | 'gz' | 'bare'

/**
 * Writes `<dir>/app-<version>-<HOST>.<packing>` holding `app-<version>-<HOST>/app` (the script),
 * plus the other platforms' assets and a SHA256SUMS, as a real release folder has them.
 * Returns the asset's name.
 */
export async function makeSmokeRelease(
  dir: string,
  opts: { version?: string; reports?: string; packing?: Packing; binary?: string } = {},
): Promise<string> {
  const version = opts.version ?? '1.2.3'
  const packing = opts.packing ?? 'tar.gz'
  const base = `app-${version}-${HOST}`
  const staging = path.join(dir, '..', `staging-${path.basename(dir)}`)
  await mkdir(path.join(staging, base), { recursive: true })
  await mkdir(dir, { recursive: true })
  const bin = path.join(staging, base, opts.binary ?? 'app')
  await writeFile(bin, appScript(opts.reports ?? version))
  await chmod(bin, 0o755)
  await writeFile(path.join(staging, base, 'README.md'), '# app\n')
  let asset: string
  if (packing === 'tar.gz') {
    asset = `${base}.tar.gz`
    execFileSync('tar', ['-czf', path.join(dir, asset), '-C', staging, base])
  } else if (packing === 'zip') {
    asset = `${base}.zip`
    execFileSync('zip', ['-qr', path.join(dir, asset), base], { cwd: staging })
  } else if (packing === 'gz') {
    asset = `${base}.gz`
    execFileSync('sh', ['-c', `gzip -c "$1" > "$2"`, 'sh', bin, path.join(dir, asset)])
  } else {
    asset = base
    execFileSync('cp', [bin, path.join(dir, asset)])
  }
  // Assets of other platforms and files that are never the binary: selection must skip them.
  for (const other of ['win32-x64.zip', 'darwin-arm64.tar.gz', 'linux-ppc64le.tar.gz']) {
    if (!HOST.includes(other.split('.')[0] as string))
      await writeFile(path.join(dir, `app-${version}-${other}`), 'x')
  }
  await writeFile(path.join(dir, 'SHA256SUMS'), '')
  return asset
}
