import path from 'node:path'
import { describeError, type EngineContext, PostflightError, type SuiteBuilder } from '@postflight/core'
import type { VerifyOptions } from '../inputs.ts'
import type { ArtifactSource } from './release-source.ts'

/**
 * Downloads a workflow artifact of the current run (what a pipeline is about to publish) into the
 * download folder with @actions/artifact, checking the sha256 the service recorded at upload, and
 * returns the folder. @actions/artifact extracts the zip itself, so the files are hashed again by
 * the folder checks: this source reads them twice, unlike a release's assets.
 */
export async function fetchArtifact(
  source: ArtifactSource,
  options: VerifyOptions,
  suite: SuiteBuilder,
  ctx: EngineContext,
): Promise<string> {
  // Loaded only for this source: it brings @actions/core with it, which the engine otherwise never loads.
  const { DefaultArtifactClient } = await import('@actions/artifact')
  const client = new DefaultArtifactClient()
  let artifact: { id: number; name: string; size: number; digest?: string }
  try {
    artifact = (await client.getArtifact(source.name)).artifact
  } catch (err) {
    throw new PostflightError(
      'NOT_FOUND',
      `no workflow artifact named '${source.name}' in this run (it is read through ACTIONS_RUNTIME_TOKEN, so only inside a workflow run): ${describeError(err)}`,
      { cause: err, field: 'artifact-name' },
    )
  }
  const dir = options['download-dir'] ?? path.join(ctx.workDir, 'artifact')
  const started = performance.now()
  const { digestMismatch } = await client.downloadArtifact(artifact.id, {
    path: dir,
    ...(artifact.digest ? { expectedHash: artifact.digest } : {}),
  })
  ctx.logger.info(`downloaded artifact ${artifact.name} (${artifact.size} bytes) to ${dir}`)
  suite.add({
    id: `artifact:${artifact.name}`,
    title: `Workflow artifact ${artifact.name} matches the digest recorded at upload`,
    status: artifact.digest === undefined ? 'skip' : digestMismatch ? 'fail' : 'pass',
    message:
      artifact.digest === undefined
        ? 'the artifact service recorded no digest for it'
        : digestMismatch
          ? `the downloaded zip differs from the ${artifact.digest} recorded at upload`
          : `the zip matches ${artifact.digest}`,
    durationMs: performance.now() - started,
    evidence: {
      id: artifact.id,
      size: artifact.size,
      ...(artifact.digest ? { digest: artifact.digest } : {}),
    },
  })
  return dir
}
