import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { chmod, mkdir, mkdtemp, readdir, rm, stat, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ArchiveFormat } from '../types.ts'

/** A fresh directory under the OS temp dir; `cleanup` removes every one made. */
export function tempDirs(): { make: () => Promise<string>; cleanup: () => Promise<void> } {
  const made: string[] = []
  return {
    make: async () => {
      const dir = await mkdtemp(join(tmpdir(), 'postflight-archive-'))
      made.push(dir)
      return dir
    },
    cleanup: async () => {
      await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
    },
  }
}

/** Runs a real tool; throws with its stderr when it fails. */
export function run(command: string, args: readonly string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
}

/** Runs a shell pipeline of real tools (for `a >> b` concatenations). */
export function sh(script: string, cwd: string): void {
  execFileSync('sh', ['-c', script], { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
}

export interface EntrySpec {
  name: string
  type: 'file' | 'dir' | 'symlink' | 'hardlink' | 'fifo' | 'chr'
  data?: string
  target?: string
  mode?: number
}

// Python's tarfile and zipfile write names and link targets exactly as given, which GNU tar and
// Info-ZIP refuse to do: the only honest way to make hostile archives with real tools.
const PYTHON = `
import io, json, sys, tarfile, zipfile
out, kind, specs = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
types = {'dir': tarfile.DIRTYPE, 'symlink': tarfile.SYMTYPE, 'hardlink': tarfile.LNKTYPE,
         'fifo': tarfile.FIFOTYPE, 'chr': tarfile.CHRTYPE, 'file': tarfile.REGTYPE}
if kind == 'tar':
    with tarfile.open(out, 'w', format=tarfile.GNU_FORMAT) as tf:
        for s in specs:
            info = tarfile.TarInfo(s['name'])
            info.type = types[s['type']]
            info.mode = s.get('mode', 0o755 if s['type'] == 'dir' else 0o644)
            info.linkname = s.get('target', '')
            data = s.get('data', '').encode()
            info.size = len(data) if s['type'] == 'file' else 0
            tf.addfile(info, io.BytesIO(data) if s['type'] == 'file' else None)
else:
    with zipfile.ZipFile(out, 'w') as zf:
        for s in specs:
            info = zipfile.ZipInfo(s['name'])
            info.create_system = 3
            mode = s.get('mode', 0o644)
            if s['type'] == 'file':
                info.external_attr = (0o100000 | mode) << 16
                zf.writestr(info, s.get('data', ''), compress_type=zipfile.ZIP_DEFLATED)
            elif s['type'] == 'dir':
                info.external_attr = (0o040755 << 16) | 0x10
                zf.writestr(info, '')
            elif s['type'] == 'symlink':
                info.external_attr = 0o120777 << 16
                zf.writestr(info, s['target'])
            elif s['type'] == 'fifo':
                info.external_attr = 0o010644 << 16
                zf.writestr(info, '')
`

/** Writes a tar or zip holding exactly `entries`, with python3's tarfile or zipfile. */
export async function pythonArchive(
  dir: string,
  file: string,
  kind: 'tar' | 'zip',
  entries: EntrySpec[],
): Promise<string> {
  const script = join(dir, 'make-archive.py')
  await writeFile(script, PYTHON)
  const out = join(dir, file)
  run('python3', [script, out, kind, JSON.stringify(entries)], dir)
  return out
}

/** Cuts a file to half its size, as an interrupted download would. */
export async function cutInHalf(file: string): Promise<void> {
  await truncate(file, Math.floor((await stat(file)).size / 2))
}

/** Every path below `dir`, relative, with `/`; symlinks listed, never followed. */
export async function listTree(dir: string, prefix = ''): Promise<string[]> {
  const found: string[] = []
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`
    found.push(rel)
    if (entry.isDirectory()) found.push(...(await listTree(dir, rel)))
  }
  return found.sort()
}

/** [format, file, command] making each archive of the test package with the real tool. */
export const PACKAGE_ARCHIVES: Array<[ArchiveFormat, string, string]> = [
  ['tar', 'pkg.tar', 'tar -cf pkg.tar pkg'],
  ['tar.gz', 'pkg.tar.gz', 'tar -czf pkg.tar.gz pkg'],
  ['tar.gz', 'pkg.tgz', 'tar -czf pkg.tgz pkg'],
  ['tar.xz', 'pkg.tar.xz', 'tar -cJf pkg.tar.xz pkg'],
  ['tar.bz2', 'pkg.tar.bz2', 'tar -cjf pkg.tar.bz2 pkg'],
  ['tar.zst', 'pkg.tar.zst', 'tar -cf - pkg | zstd -q -o pkg.tar.zst'],
  ['zip', 'pkg.zip', 'zip -qr pkg.zip pkg'],
]

/** The test package's entries: pkg/, pkg/bin/, pkg/bin/tool, pkg/data/, pkg/data/blob.bin, pkg/README.md. */
export const PACKAGE_ENTRIES = 6
export const PACKAGE_FILES = 3

/**
 * Writes the test package under `dir/pkg` and every archive of PACKAGE_ARCHIVES beside it.
 * Returns the uncompressed size of its files and of pkg/data/blob.bin, 300 kB of noise.
 */
export async function makePackageArchives(dir: string): Promise<{ contentBytes: number; blobBytes: number }> {
  const blob = randomBytes(300_000)
  const readme = 'postflight test package\n'
  const tool = '#!/bin/sh\necho ok\n'
  await mkdir(join(dir, 'pkg/bin'), { recursive: true })
  await mkdir(join(dir, 'pkg/data'), { recursive: true })
  await writeFile(join(dir, 'pkg/bin/tool'), tool)
  await chmod(join(dir, 'pkg/bin/tool'), 0o755)
  await writeFile(join(dir, 'pkg/data/blob.bin'), blob)
  await writeFile(join(dir, 'pkg/README.md'), readme)
  for (const [, , command] of PACKAGE_ARCHIVES) sh(command, dir)
  return { contentBytes: blob.length + readme.length + tool.length, blobBytes: blob.length }
}
