import { detectArchiveFormat, type EngineContext, inspectArchive, type SuiteBuilder } from '@postflight/core'
import type { ReleaseFile } from '../release-folder.ts'

/** Reads every archive of the release to its end: truncated, corrupt or unsafe archives fail. */
export async function checkArchives(
  suite: SuiteBuilder,
  assets: readonly ReleaseFile[],
  ctx: EngineContext,
): Promise<void> {
  const archives = assets.filter((a) => detectArchiveFormat(a.name) !== undefined)
  // Two at a time: decompression is CPU-bound and the hashing pass already used every core.
  const queue = [...archives]
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const asset = next
      await suite.run(`archive:${asset.name}`, `${asset.name} is a complete, safe archive`, async () => {
        const inspection = await inspectArchive(asset.path, { signal: ctx.signal })
        const evidence: Record<string, unknown> = {
          format: inspection.format,
          entries: inspection.entries,
          uncompressedBytes: inspection.totalBytes,
        }
        if (inspection.unsafe.length > 0) {
          const shown = inspection.unsafe
            .slice(0, 10)
            .map((u) => `${u.name} (${u.reason}${u.linkTarget ? ` → ${u.linkTarget}` : ''})`)
          return {
            status: 'fail',
            message: `${inspection.unsafe.length} unsafe entr${inspection.unsafe.length === 1 ? 'y' : 'ies'} that would land outside the target: ${shown.join(', ')}`,
            evidence: { ...evidence, unsafe: inspection.unsafe.slice(0, 50) },
          }
        }
        if (!inspection.ok) {
          return {
            status: 'fail',
            message: `${inspection.problem?.kind ?? 'unreadable'}: ${inspection.problem?.message ?? 'the archive could not be read to the end'}`,
            evidence,
          }
        }
        return {
          status: 'pass',
          message: `${inspection.format}, ${inspection.entries} entr${inspection.entries === 1 ? 'y' : 'ies'} read to the end`,
          evidence,
        }
      })
    }
  }
  await Promise.all([worker(), worker()])
}
