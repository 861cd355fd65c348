// Builds real release folders for the platform-smoke tests: a shell-script binary packed with the
// real tar, zip and gzip, so extraction, permission bits and execution are the real ones.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
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
 * plus the other platforms' assets and a real SHA256SUMS of them all, as a release folder has them.
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
  await writeSums(dir)
  return asset
}

/** Writes SHA256SUMS for every other file of the folder, as sha256sum prints it. */
export async function writeSums(dir: string): Promise<void> {
  const lines: string[] = []
  for (const name of (await readdir(dir)).sort()) {
    if (name === 'SHA256SUMS') continue
    lines.push(
      `${createHash('sha256')
        .update(await readFile(path.join(dir, name)))
        .digest('hex')}  ${name}`,
    )
  }
  await writeFile(path.join(dir, 'SHA256SUMS'), `${lines.join('\n')}\n`)
}

/** Debian's name for this machine's architecture. */
export const DEB_ARCH = process.arch === 'x64' ? 'amd64' : process.arch

/**
 * Builds `<dir>/app_<version>_<arch>.deb` with the real dpkg-deb: package `pf-smoke-app`, the
 * script installed as /usr/bin/<bin> (default app), and a README under /usr/share/doc.
 * Returns the file name.
 */
export async function makeDeb(
  dir: string,
  opts: {
    version?: string
    reports?: string
    compression?: 'xz' | 'gzip' | 'zstd' | 'none'
    bin?: string
  } = {},
): Promise<string> {
  const version = opts.version ?? '1.2.3'
  const bin = opts.bin ?? 'app'
  const tree = path.join(dir, '..', `deb-tree-${path.basename(dir)}-${opts.compression ?? 'xz'}`)
  await mkdir(path.join(tree, 'DEBIAN'), { recursive: true })
  await mkdir(path.join(tree, 'usr/bin'), { recursive: true })
  await mkdir(path.join(tree, 'usr/share/doc/pf-smoke-app'), { recursive: true })
  await mkdir(dir, { recursive: true })
  await writeFile(
    path.join(tree, 'DEBIAN/control'),
    [
      'Package: pf-smoke-app',
      `Version: ${version}`,
      `Architecture: ${DEB_ARCH}`,
      'Maintainer: Postflight tests <tests@example.com>',
      'Description: a release binary stand-in for the platform-smoke tests',
      '',
    ].join('\n'),
  )
  await writeFile(path.join(tree, 'usr/bin', bin), appScript(opts.reports ?? version))
  await chmod(path.join(tree, 'usr/bin', bin), 0o755)
  await writeFile(path.join(tree, 'usr/share/doc/pf-smoke-app/README'), 'app\n')
  const name = `app_${version}_${DEB_ARCH}.deb`
  execFileSync(
    'dpkg-deb',
    ['--root-owner-group', `-Z${opts.compression ?? 'xz'}`, '--build', tree, path.join(dir, name)],
    {
      stdio: 'pipe',
    },
  )
  return name
}
