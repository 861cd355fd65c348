import type { EngineContext, SuiteBuilder } from '@postflight/core'
import { openGithubRelease } from './github-release.ts'
import { type OpenedRelease, openFolder } from './opened-release.ts'
import type { SmokeSource } from './smoke-source.ts'
import { openArtifact } from './workflow-artifact.ts'

/** Opens the release wherever it is; undefined when a workflow artifact is not what was uploaded. */
export async function openRelease(
  source: SmokeSource,
  suite: SuiteBuilder,
  ctx: EngineContext,
): Promise<OpenedRelease | undefined> {
  if (source.kind === 'folder') return openFolder(source.directory)
  if (source.kind === 'artifact')
    return ctx.logger.group('Fetch the workflow artifact', () => openArtifact(source.name, suite, ctx))
  return ctx.logger.group(`Read the release ${source.repo}`, () => openGithubRelease(source, ctx))
}
