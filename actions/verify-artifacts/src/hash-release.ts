import { type EngineContext, type HashAlgorithm, hashFiles, type SuiteBuilder } from '@postflight/core'
import type { DigestTable } from './checks/checksums.ts'
import type { ParsedManifest } from './manifest/index.ts'
import type { ReleaseFile } from './release-folder.ts'

/**
 * The digests of every file of the release, with every algorithm any manifest asks for (sha256
 * always, for the evidence). Digests already `known` (computed while downloading) are used as they
 * are; only files they do not cover are hashed, once, on all cores. Records throughput as metrics.
 */
export async function hashRelease(
  files: readonly ReleaseFile[],
  manifests: readonly ParsedManifest[],
  suite: SuiteBuilder,
  ctx: EngineContext,
  known: DigestTable = new Map(),
): Promise<DigestTable> {
  const algorithms = new Set<HashAlgorithm>(['sha256'])
  for (const m of manifests) for (const e of m.entries) algorithms.add(e.algorithm)
  const table: DigestTable = new Map()
  const missing: ReleaseFile[] = []
  for (const file of files) {
    const digests = known.get(file.name)
    if (digests && [...algorithms].every((a) => digests[a] !== undefined)) table.set(file.name, digests)
    else missing.push(file)
  }
  if (missing.length === 0) return table
  const started = performance.now()
  let lastReport = 0
  const results = await hashFiles(
    missing.map((f) => f.path),
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
  let bytes = 0
  results.forEach((r, i) => {
    const file = missing[i] as ReleaseFile
    table.set(file.name, r.digests)
    bytes += r.size
  })
  suite.metric('hashed-bytes', bytes, 'B')
  suite.metric('hash-throughput', seconds > 0 ? bytes / 1e6 / seconds : 0, 'MB/s')
  ctx.logger.info(
    `hashed ${missing.length} files (${(bytes / 1e6).toFixed(1)} MB) with ${[...algorithms].join(', ')} in ${seconds.toFixed(2)} s`,
  )
  return table
}
