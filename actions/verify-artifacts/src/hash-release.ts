import { type EngineContext, type HashAlgorithm, hashFiles, type SuiteBuilder } from '@postflight/core'
import type { DigestTable } from './checks/checksums.ts'
import type { ParsedManifest } from './manifest/index.ts'
import type { ReleaseFile } from './release-folder.ts'

/**
 * Hashes every file of the release once, on all cores, with every algorithm any manifest asks for
 * (sha256 always, for the evidence). Records throughput as metrics.
 */
export async function hashRelease(
  files: readonly ReleaseFile[],
  manifests: readonly ParsedManifest[],
  suite: SuiteBuilder,
  ctx: EngineContext,
): Promise<DigestTable> {
  const algorithms = new Set<HashAlgorithm>(['sha256'])
  for (const m of manifests) for (const e of m.entries) algorithms.add(e.algorithm)
  const started = performance.now()
  let lastReport = 0
  const results = await hashFiles(
    files.map((f) => f.path),
    [...algorithms],
    {
      signal: ctx.signal,
      onProgress: (p) => {
        const now = performance.now()
        if (!p.finished && now - lastReport < 1000) return
        lastReport = now
        ctx.progress?.({ label: 'hash', done: p.bytesDone, total: p.bytesTotal, unit: 'bytes' })
      },
    },
  )
  const seconds = (performance.now() - started) / 1000
  const table: DigestTable = new Map()
  let bytes = 0
  results.forEach((r, i) => {
    const file = files[i] as ReleaseFile
    table.set(file.name, r.digests)
    bytes += r.size
  })
  suite.metric('hashed-bytes', bytes, 'B')
  suite.metric('hash-throughput', seconds > 0 ? bytes / 1e6 / seconds : 0, 'MB/s')
  ctx.logger.info(
    `hashed ${files.length} files (${(bytes / 1e6).toFixed(1)} MB) with ${[...algorithms].join(', ')} in ${seconds.toFixed(2)} s`,
  )
  return table
}
