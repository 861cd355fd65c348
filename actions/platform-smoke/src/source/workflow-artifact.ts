import path from 'node:path'
import { describeError, type EngineContext, PostflightError, type SuiteBuilder } from '@postflight/core'
import { type OpenedRelease, openFolder } from './opened-release.ts'

/**
 * A workflow artifact of the current run (assets tested before they are published), downloaded with
 * @actions/artifact as verify-artifacts does: the sha256 the service recorded at upload is checked
 * (`artifact:<name>`), then its files are a release folder. Readable only inside a workflow run
 * (ACTIONS_RUNTIME_TOKEN). Undefined when the zip is not what was uploaded.
 */
export async function openArtifact(
  name: string,
  suite: SuiteBuilder,
  ctx: EngineContext,
): Promise<OpenedRelease | undefined> {
  // Loaded only for this source: it brings @actions/core with it, which the engine otherwise never loads.
  const { DefaultArtifactClient } = await import('@actions/artifact')
  const client = new DefaultArtifactClient()
  let artifact: { id: number; name: string; size: number; digest?: string }
  try {
    artifact = (await client.getArtifact(name)).artifact
  } catch (err) {
    throw new PostflightError(
      'NOT_FOUND',
      `input 'artifact-name': no workflow artifact named '${name}' in this run (it is read through ACTIONS_RUNTIME_TOKEN, so only inside a workflow run): ${describeError(err)}`,
      { cause: err, field: 'artifact-name' },
    )
  }
  const dir = path.join(ctx.workDir, 'artifact')
  const started = performance.now()
  const { digestMismatch } = await client.downloadArtifact(artifact.id, {
    path: dir,
    ...(artifact.digest ? { expectedHash: artifact.digest } : {}),
  })
  ctx.logger.info(`downloaded artifact ${artifact.name} (${artifact.size} bytes)`)
  const check = suite.add({
    id: `artifact:${artifact.name}`,
    title: `Workflow artifact ${artifact.name} matches the digest recorded at upload`,
    status: artifact.digest === undefined ? 'skip' : digestMismatch ? 'fail' : 'pass',
    message:
      artifact.digest === undefined
        ? 'the artifact service recorded no digest for it'
        : digestMismatch
          ? `the downloaded zip differs from the ${artifact.digest} recorded at upload: nothing from it is run`
          : `the zip matches ${artifact.digest}`,
    durationMs: performance.now() - started,
    evidence: {
      id: artifact.id,
      size: artifact.size,
      ...(artifact.digest ? { digest: artifact.digest } : {}),
    },
  })
  // Bytes that are not what was uploaded are not run.
  if (check.status === 'fail') return undefined
  return openFolder(dir, 'artifact-name')
}
