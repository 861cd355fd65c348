import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { extractArchive } from '../extract.ts'
import { inspectArchive } from '../inspect.ts'
import { listTree, pythonArchive, run, sh, tempDirs } from './fixtures.ts'

const dirs = tempDirs()
let work: string

beforeAll(async () => {
  work = await dirs.make()
})

afterAll(() => dirs.cleanup())

// Edits a zip written by zipfile in place: fields of an entry's local header (found through the
// central directory), or the central directory's records, reordered or repeated.
const PATCH = `
import json, struct, sys
path, ops = sys.argv[1], json.loads(sys.argv[2])
data = bytearray(open(path, 'rb').read())
eocd = data.rindex(b'PK\\x05\\x06')
count = struct.unpack_from('<H', data, eocd + 10)[0]
cd_offset = struct.unpack_from('<I', data, eocd + 16)[0]
records, p = [], cd_offset
for _ in range(count):
    n, m, k = struct.unpack_from('<HHH', data, p + 28)
    records.append(bytes(data[p:p + 46 + n + m + k]))
    p += 46 + n + m + k
fields = {'flags': (6, '<H'), 'method': (8, '<H'), 'crc': (14, '<I'), 'csize': (18, '<I'), 'usize': (22, '<I')}
for op in ops:
    local = struct.unpack_from('<I', records[op.get('entry', 0)], 42)[0]
    if op['op'] == 'local-name':
        n = struct.unpack_from('<H', data, local + 26)[0]
        name = op['name'].encode()
        assert len(name) == n, 'the new local name must be as long as the old one'
        data[local + 30:local + 30 + n] = name
    elif op['op'] == 'local-field':
        offset, fmt = fields[op['field']]
        struct.pack_into(fmt, data, local + offset, op['value'])
    elif op['op'] == 'records':
        records = [records[i] for i in op['order']]
cd = b''.join(records)
eocd = struct.pack('<IHHHHIIH', 0x06054b50, 0, 0, len(records), len(records), len(cd), cd_offset, 0)
open(path, 'wb').write(bytes(data[:cd_offset]) + cd + eocd)
`

type Op =
  | { op: 'local-name'; entry?: number; name: string }
  | {
      op: 'local-field'
      entry?: number
      field: 'flags' | 'method' | 'crc' | 'csize' | 'usize'
      value: number
    }
  | { op: 'records'; order: number[] }

/** A zip of small deflated files named `names`, written by zipfile and then patched by `ops`. */
async function patchedZip(file: string, names: string[], ops: Op[]): Promise<string> {
  const zip = await pythonArchive(
    work,
    file,
    'zip',
    names.map((name) => ({ name, type: 'file', data: `content of ${name}\n`.repeat(20) })),
  )
  const script = join(work, 'patch-zip.py')
  await writeFile(script, PATCH)
  run('python3', [script, zip, JSON.stringify(ops)], work)
  return zip
}

describe('#inspectArchive', () => {
  describe("when a zip entry's local header names another path than the central directory", () => {
    it('reports the local name when it leaves the root', async () => {
      const evil = '../../../etc/x.sh'
      const file = await patchedZip(
        'local-evil.zip',
        ['ok.sh', 'a'.repeat(evil.length)],
        [{ op: 'local-name', entry: 1, name: evil }],
      )
      // unzip, which reads the central directory, still lists the harmless name.
      expect(run('unzip', ['-Z1', file], work)).toContain('a'.repeat(evil.length))
      const inspection = await inspectArchive(file)
      expect(inspection.unsafe).toEqual([{ name: evil, reason: 'path-traversal' }])
      expect(inspection).toMatchObject({ ok: false, entries: 2 })
    })

    it('has extraction skip the entry as well', async () => {
      const evil = '../evil.sh'
      const file = await patchedZip(
        'local-evil-extract.zip',
        ['keep.txt', 'b'.repeat(evil.length)],
        [{ op: 'local-name', entry: 1, name: evil }],
      )
      const dest = join(work, 'extracted')
      const result = await extractArchive(file, dest)
      expect(result.skipped).toEqual([{ name: evil, reason: 'path-traversal' }])
      expect(await listTree(dest)).toEqual(['keep.txt'])
    })

    it('reports a harmless but different local name as corrupt, naming both', async () => {
      const file = await patchedZip('local-other.zip', ['one.txt'], [{ op: 'local-name', name: 'two.txt' }])
      const inspection = await inspectArchive(file)
      expect(inspection).toMatchObject({ ok: false, problem: { kind: 'corrupt', entry: 'one.txt' } })
      expect(inspection.problem?.message).toMatch(/"one.txt".*"two.txt"/)
    })

    it('reports a Unicode Path extra field that hides the stored name', async () => {
      // Readers that honour the 0x7075 field see ok.sh; readers that ignore it see ../../evil.sh.
      const script = join(work, 'unicode-path.py')
      await writeFile(
        script,
        `
import struct, sys, zipfile, zlib
raw, shown = '../../evil.sh', 'ok.sh'
field = struct.pack('<BI', 1, zlib.crc32(raw.encode())) + shown.encode()
with zipfile.ZipFile(sys.argv[1], 'w') as zf:
    info = zipfile.ZipInfo(raw)
    info.extra = struct.pack('<HH', 0x7075, len(field)) + field
    zf.writestr(info, 'x')
`,
      )
      const file = join(work, 'unicode-path.zip')
      run('python3', [script, file], work)
      const inspection = await inspectArchive(file)
      expect(inspection.unsafe).toEqual([{ name: '../../evil.sh', reason: 'path-traversal' }])
    })
  })

  describe("when a zip entry's local header disagrees on its content", () => {
    it.each([
      ['CRC-32', 'crc', 0x12345678],
      ['compressed size', 'csize', 7],
      ['uncompressed size', 'usize', 7],
      ['compression method', 'method', 0],
    ] as const)('reports a different %s as corrupt', async (what, field, value) => {
      const file = await patchedZip(`local-${field}.zip`, ['data.bin'], [{ op: 'local-field', field, value }])
      const inspection = await inspectArchive(file)
      expect(inspection).toMatchObject({ ok: false, problem: { kind: 'corrupt', entry: 'data.bin' } })
      expect(inspection.problem?.message).toContain(what)
    })

    it('accepts sizes and CRC left to a data descriptor', async () => {
      // zip writing to a pipe cannot seek back: it sets bit 3 and puts zeros in the local header.
      await writeFile(join(work, 'streamed.txt'), 'streamed content\n'.repeat(100))
      sh('zip -q - streamed.txt | cat > streamed.zip', work)
      const inspection = await inspectArchive(join(work, 'streamed.zip'))
      expect(inspection).toMatchObject({ ok: true, unsafe: [], entries: 1 })
    })

    it('reads sizes the local header keeps in its zip64 field', async () => {
      // force_zip64 writes 0xffffffff in the local header's size fields and the sizes in its extra field.
      const script = join(work, 'zip64.py')
      await writeFile(
        script,
        `
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], 'w') as zf:
    with zf.open('big.txt', 'w', force_zip64=True) as f:
        f.write(b'hello ' * 1000)
`,
      )
      const file = join(work, 'zip64.zip')
      run('python3', [script, file], work)
      const inspection = await inspectArchive(file)
      expect(inspection).toMatchObject({ ok: true, unsafe: [], totalBytes: 6000 })
    })
  })

  describe("when two entries' data overlap", () => {
    it('reports a central directory record repeated as corrupt', async () => {
      const file = await patchedZip('overlap.zip', ['a.txt', 'b.txt'], [{ op: 'records', order: [0, 1, 1] }])
      const inspection = await inspectArchive(file)
      expect(inspection).toMatchObject({ ok: false, problem: { kind: 'corrupt' } })
      expect(inspection.problem?.message).toMatch(/overlap/)
    })

    it('finds the overlap when the central directory is out of order too', async () => {
      const file = await patchedZip(
        'overlap-unordered.zip',
        ['a.txt', 'b.txt'],
        [{ op: 'records', order: [1, 0, 1] }],
      )
      const inspection = await inspectArchive(file)
      expect(inspection).toMatchObject({ ok: false, problem: { kind: 'corrupt' } })
      expect(inspection.problem?.message).toMatch(/overlap/)
    })

    it('accepts a central directory out of order without overlap', async () => {
      const file = await patchedZip(
        'unordered.zip',
        ['a.txt', 'b.txt', 'c.txt'],
        [{ op: 'records', order: [2, 0, 1] }],
      )
      const inspection = await inspectArchive(file)
      expect(inspection).toMatchObject({ ok: true, entries: 3 })
    })
  })
})
