import { constants } from 'node:fs'
import { access, stat } from 'node:fs/promises'
import path from 'node:path'
import { PostflightError } from '@postflight/core'

/**
 * Proves `logs-dir` can be created and written before anything is deployed: found unusable only when
 * the logs are saved, it would be found after the stack is up, on the way to removing it. Nothing is
 * created here, so a run that saves no logs leaves no empty folder behind.
 */
export async function checkLogsDir(dir: string): Promise<void> {
  let at = path.resolve(dir)
  for (;;) {
    const found = await stat(at).catch(() => undefined)
    if (found) {
      const writable = await access(at, constants.W_OK | constants.X_OK).then(
        () => true,
        () => false,
      )
      if (found.isDirectory() && writable) return
      const why = found.isDirectory() ? 'a folder this user cannot write' : 'not a folder'
      throw new PostflightError(
        'BAD_INPUT',
        `input 'logs-dir': cannot save logs in ${dir}: ${at} is ${why}`,
        {
          field: 'logs-dir',
        },
      )
    }
    const parent = path.dirname(at)
    if (parent === at) return
    at = parent
  }
}
