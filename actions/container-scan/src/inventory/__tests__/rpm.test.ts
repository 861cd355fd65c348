import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseRpmHeader, readRpmSqlite, rpmInventory } from '../rpm.ts'

/** An RPM header blob as rpmdb.sqlite stores it: index count, data size, entries, data. */
function header(tags: Array<[number, 'string' | 'int32', string | number]>): Buffer {
  const entries: Buffer[] = []
  const data: Buffer[] = []
  let offset = 0
  for (const [tag, type, value] of tags) {
    const entry = Buffer.alloc(16)
    if (type === 'int32') {
      const pad = (4 - (offset % 4)) % 4
      data.push(Buffer.alloc(pad))
      offset += pad
    }
    entry.writeUInt32BE(tag, 0)
    entry.writeUInt32BE(type === 'string' ? 6 : 4, 4)
    entry.writeUInt32BE(offset, 8)
    entry.writeUInt32BE(1, 12)
    entries.push(entry)
    const bytes = type === 'string' ? Buffer.from(`${value}\0`) : Buffer.alloc(4)
    if (type === 'int32') bytes.writeUInt32BE(value as number, 0)
    data.push(bytes)
    offset += bytes.length
  }
  const head = Buffer.alloc(8)
  head.writeUInt32BE(tags.length, 0)
  head.writeUInt32BE(offset, 4)
  return Buffer.concat([head, ...entries, ...data])
}

const OPENSSL = header([
  [1000, 'string', 'openssl-libs'],
  [1001, 'string', '3.0.7'],
  [1002, 'string', '25.el9_3'],
  [1003, 'int32', 1],
  [1014, 'string', 'ASL 2.0'],
  [1022, 'string', 'x86_64'],
  [1044, 'string', 'openssl-3.0.7-25.el9_3.src.rpm'],
])
const BASH = header([
  [1000, 'string', 'bash'],
  [1001, 'string', '5.1.8'],
  [1002, 'string', '6.el9'],
  [1014, 'string', 'GPLv3+'],
  [1022, 'string', 'x86_64'],
])

describe('RPM headers', () => {
  it('reads name, version, release, epoch, licence, arch and source rpm', () => {
    expect(parseRpmHeader(OPENSSL)).toEqual({
      name: 'openssl-libs',
      version: '3.0.7',
      release: '25.el9_3',
      epoch: 1,
      license: 'ASL 2.0',
      arch: 'x86_64',
      sourceRpm: 'openssl-3.0.7-25.el9_3.src.rpm',
    })
  })

  it('refuses a truncated blob instead of reading past it', () => {
    expect(parseRpmHeader(OPENSSL.subarray(0, 40))).toBeUndefined()
    expect(parseRpmHeader(Buffer.alloc(3))).toBeUndefined()
  })

  describe('from a real rpmdb.sqlite (node:sqlite)', () => {
    let dir: string
    let db: Buffer
    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'rpmdb-test-'))
      const file = path.join(dir, 'rpmdb.sqlite')
      const sqlite = new DatabaseSync(file)
      // The table rpm 4.16+ creates (lib/backend/sqlite.c): one header blob per package.
      sqlite.exec('CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)')
      const insert = sqlite.prepare('INSERT INTO Packages (blob) VALUES (?)')
      insert.run(OPENSSL)
      insert.run(BASH)
      insert.run(
        header([
          [1000, 'string', 'gpg-pubkey'],
          [1001, 'string', 'fd431d51'],
          [1002, 'string', '4ae0493b'],
        ]),
      )
      sqlite.close()
      db = await readFile(file)
    })
    afterAll(() => rm(dir, { recursive: true, force: true }))

    it('lists the packages with epoch in the version, and leaves out gpg-pubkey', async () => {
      const pkgs = rpmInventory(
        await readRpmSqlite(db, dir),
        { id: 'rocky', versionId: '9.3' },
        '/var/lib/rpm/rpmdb.sqlite',
        'l',
      )
      expect(pkgs.map((p) => [p.name, p.version, p.ecosystem, p.purl])).toEqual([
        [
          'openssl-libs',
          '1:3.0.7-25.el9_3',
          'Rocky Linux',
          'pkg:rpm/rocky/openssl-libs@3.0.7-25.el9_3?arch=x86_64&distro=rocky-9.3&epoch=1',
        ],
        ['bash', '5.1.8-6.el9', 'Rocky Linux', 'pkg:rpm/rocky/bash@5.1.8-6.el9?arch=x86_64&distro=rocky-9.3'],
      ])
    })

    it('fails on a file that is not an rpmdb', async () => {
      await expect(readRpmSqlite(Buffer.from('not sqlite at all'), dir)).rejects.toThrow()
    })
  })
})
