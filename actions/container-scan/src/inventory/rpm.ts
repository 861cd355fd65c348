import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Ecosystem, InventoryPackage } from '../types.ts'
import type { Distro } from './os-release.ts'
import { purl } from './purl.ts'

export interface RpmPackage {
  name: string
  version: string
  release: string
  epoch?: number
  arch?: string
  license?: string
  sourceRpm?: string
}

const TAG = {
  name: 1000,
  version: 1001,
  release: 1002,
  epoch: 1003,
  license: 1014,
  arch: 1022,
  sourceRpm: 1044,
}
const STRING = 6
const INT32 = 4
const I18NSTRING = 9

/**
 * Reads an RPM header blob as rpmdb.sqlite stores it (rpm's header format without the lead: index
 * count, data size, 16-byte index entries of tag/type/offset/count, then the data). Hand-written:
 * no kept npm package reads RPM headers, and only a handful of string tags are needed.
 */
export function parseRpmHeader(blob: Uint8Array): RpmPackage | undefined {
  const buf = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength)
  if (buf.length < 8) return undefined
  const count = buf.readUInt32BE(0)
  const dataLength = buf.readUInt32BE(4)
  const dataStart = 8 + count * 16
  if (dataStart + dataLength > buf.length) return undefined
  const values = new Map<number, string | number>()
  for (let i = 0; i < count; i++) {
    const at = 8 + i * 16
    const tag = buf.readUInt32BE(at)
    const type = buf.readUInt32BE(at + 4)
    const offset = buf.readUInt32BE(at + 8)
    const pos = dataStart + offset
    if (pos >= buf.length) continue
    if (type === STRING || type === I18NSTRING) {
      const end = buf.indexOf(0, pos)
      values.set(tag, buf.toString('utf8', pos, end === -1 ? buf.length : end))
    } else if (type === INT32 && pos + 4 <= buf.length) {
      values.set(tag, buf.readUInt32BE(pos))
    }
  }
  const str = (t: number) => {
    const v = values.get(t)
    return typeof v === 'string' ? v : undefined
  }
  const name = str(TAG.name)
  const version = str(TAG.version)
  if (!name || !version) return undefined
  const epoch = values.get(TAG.epoch)
  return {
    name,
    version,
    release: str(TAG.release) ?? '',
    ...(typeof epoch === 'number' ? { epoch } : {}),
    ...(str(TAG.arch) ? { arch: str(TAG.arch) } : {}),
    ...(str(TAG.license) ? { license: str(TAG.license) } : {}),
    ...(str(TAG.sourceRpm) ? { sourceRpm: str(TAG.sourceRpm) } : {}),
  }
}

/** Packages of an rpmdb.sqlite (RHEL 9, Fedora 36+ and their rebuilds), through node:sqlite. */
export async function readRpmSqlite(data: Buffer, tmpRoot: string): Promise<RpmPackage[]> {
  const { DatabaseSync } = await import('node:sqlite')
  const dir = await mkdtemp(path.join(tmpRoot, 'rpmdb-'))
  const file = path.join(dir, 'rpmdb.sqlite')
  try {
    await writeFile(file, data)
    const db = new DatabaseSync(file, { readOnly: true })
    try {
      const rows = db.prepare('SELECT blob FROM Packages').all() as Array<{ blob: Uint8Array }>
      return rows.map((r) => parseRpmHeader(r.blob)).filter((p): p is RpmPackage => p !== undefined)
    } finally {
      db.close()
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

const RPM_ECOSYSTEMS: Record<string, Ecosystem> = {
  rhel: 'Red Hat',
  rocky: 'Rocky Linux',
  almalinux: 'AlmaLinux',
}

export function rpmInventory(
  pkgs: RpmPackage[],
  distro: Distro | undefined,
  location: string,
  layer: string,
): InventoryPackage[] {
  const ecosystem = RPM_ECOSYSTEMS[distro?.id ?? ''] ?? 'Red Hat'
  return pkgs
    .filter((p) => p.name !== 'gpg-pubkey')
    .map((p) => {
      const version = `${p.epoch ? `${p.epoch}:` : ''}${p.version}-${p.release}`
      return {
        name: p.name,
        version,
        ecosystem,
        purl: purl('rpm', distro?.id ?? 'redhat', p.name, `${p.version}-${p.release}`, {
          arch: p.arch,
          epoch: p.epoch ? String(p.epoch) : undefined,
          distro: distro?.versionId ? `${distro.id}-${distro.versionId}` : undefined,
        }),
        licenses: p.license ? [p.license] : [],
        location,
        layer,
        ...(distro?.versionId ? { distroVersion: distro.versionId } : {}),
      }
    })
}
