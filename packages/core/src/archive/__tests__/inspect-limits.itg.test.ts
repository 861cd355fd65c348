import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, test } from 'vitest'
import { isPostflightError } from '../../errors.ts'
import { inspectArchive } from '../inspect.ts'
import type { ArchiveFormat } from '../types.ts'
import { makePackageArchives, PACKAGE_ARCHIVES, sh, tempDirs } from './fixtures.ts'

const dirs = tempDirs()
let work: string
const whole = PACKAGE_ARCHIVES

beforeAll(async () => {
  work = await dirs.make()
  await makePackageArchives(work)
})

afterAll(() => dirs.cleanup())

/** A command writing a zip of one entry of `mib` MiB of zeros, streamed: no file of that size is made. */
function zipOfZeros(file: string, entry: string, mib: number): string {
  const script = [
    'import zipfile',
    `with zipfile.ZipFile('${file}', 'w', zipfile.ZIP_DEFLATED) as z, z.open('${entry}', 'w', force_zip64=True) as f:`,
    `    for _ in range(${mib}): f.write(bytes(1 << 20))`,
  ].join('\n')
  return `python3 -c "${script}"`
}

describe('#inspectArchive', () => {
  describe('when a limit is passed', () => {
    test.each(whole)('stops %s (%s) at the entry count', async (_format, file) => {
      const inspection = await inspectArchive(join(work, file), { limits: { maxEntries: 2 } })
      expect(inspection).toMatchObject({ ok: false, problem: { kind: 'limit' } })
      expect(inspection.entries).toBeLessThanOrEqual(3)
    })

    test.each(whole)('stops %s (%s) at the total size', async (_format, file) => {
      const inspection = await inspectArchive(join(work, file), { limits: { maxTotalBytes: 1000 } })
      expect(inspection).toMatchObject({ ok: false, problem: { kind: 'limit', entry: 'pkg/data/blob.bin' } })
      expect(inspection.totalBytes).toBeLessThanOrEqual(1000)
    })

    it('stops at the size of one entry', async () => {
      const inspection = await inspectArchive(join(work, 'pkg.tar.xz'), {
        limits: { maxEntryBytes: 100_000 },
      })
      expect(inspection).toMatchObject({ ok: false, problem: { kind: 'limit', entry: 'pkg/data/blob.bin' } })
    })

    it('stops a compression bomb while streaming, long before its full size', async () => {
      sh('head -c 67108864 /dev/zero | gzip -9 > zeros.gz', work)
      const inspection = await inspectArchive(join(work, 'zeros.gz'), {
        limits: { maxTotalBytes: 1_000_000 },
      })
      expect(inspection).toMatchObject({ ok: false, problem: { kind: 'limit', entry: 'zeros' } })
      expect(inspection.totalBytes).toBeLessThan(1_000_000 + 65_536)
    })

    it('stops a zip bomb before inflating it, from the declared size', async () => {
      sh(zipOfZeros('zeros.zip', 'zeros', 64), work)
      const inspection = await inspectArchive(join(work, 'zeros.zip'), {
        limits: { maxTotalBytes: 1_000_000 },
      })
      expect(inspection).toMatchObject({
        ok: false,
        totalBytes: 0,
        problem: { kind: 'limit', entry: 'zeros' },
      })
    })
  })

  describe('when the signal is aborted', () => {
    test.each(whole)('throws ABORTED for %s (%s) aborted before the start', async (_format, file) => {
      const err = await inspectArchive(join(work, file), { signal: AbortSignal.abort() }).catch(
        (e: unknown) => e,
      )
      expect(isPostflightError(err, 'ABORTED')).toBe(true)
    })

    test.each([
      ['tar.xz', 'head -c 100000000 /dev/zero | xz -0 -T1 > big.tar.xz', 'big.tar.xz'],
      ['gz', 'head -c 400000000 /dev/zero | gzip -1 > big.gz', 'big.gz'],
      ['zip', zipOfZeros('big.zip', 'big', 400), 'big.zip'],
    ])(
      'throws ABORTED for %s aborted mid-stream, and the next read still works',
      async (format, command, file) => {
        sh(command, work)
        const controller = new AbortController()
        setTimeout(() => controller.abort(), 30)
        const options = { signal: controller.signal, format: format as ArchiveFormat }
        const err = await inspectArchive(join(work, file), options).catch((e: unknown) => e)
        expect(isPostflightError(err, 'ABORTED')).toBe(true)
        // xz-decompress serialises its decoders: an abandoned one would hang this read.
        expect((await inspectArchive(join(work, 'pkg.tar.xz'))).ok).toBe(true)
      },
    )
    it('lets an xz read queued behind another leave on abort, and the rest go on', async () => {
      sh('head -c 104857600 /dev/zero | xz -0 -T1 > queue.tar.xz', work)
      const first = inspectArchive(join(work, 'queue.tar.xz'))
      const controller = new AbortController()
      const queued = inspectArchive(join(work, 'pkg.tar.xz'), { signal: controller.signal })
      setTimeout(() => controller.abort(), 10)
      const err = await queued.catch((e: unknown) => e)
      expect(isPostflightError(err, 'ABORTED')).toBe(true)
      expect(await first).toMatchObject({ ok: true, entries: 0 })
      expect((await inspectArchive(join(work, 'pkg.tar.xz'))).ok).toBe(true)
    })
  })
})
