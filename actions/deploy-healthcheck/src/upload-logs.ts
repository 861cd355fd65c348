import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { describeError, type Logger } from '@postflight/core'

/**
 * Uploads the saved logs and inspect files as a workflow artifact. Never fails the step: the
 * deployment's verdict is made, and the files are still on the runner for a later step.
 */
export async function uploadLogs(dir: string, name: string, logger: Logger): Promise<void> {
  const files = await readdir(dir).catch(() => [] as string[])
  if (files.length === 0) return
  if (!process.env.ACTIONS_RUNTIME_TOKEN) {
    logger.info(`no artifact service here (ACTIONS_RUNTIME_TOKEN unset): the logs stay in ${dir}`)
    return
  }
  try {
    const { DefaultArtifactClient } = await import('@actions/artifact')
    const uploaded = await new DefaultArtifactClient().uploadArtifact(
      name,
      files.map((f) => path.resolve(dir, f)),
      path.resolve(dir),
      { retentionDays: 14 },
    )
    logger.info(`uploaded ${files.length} log files as artifact ${name} (id ${uploaded.id ?? '?'})`)
  } catch (err) {
    logger.warn(`could not upload the logs in ${dir} as artifact ${name}: ${describeError(err)}`)
  }
}
