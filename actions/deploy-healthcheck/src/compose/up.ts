import { type CheckOutcome, type Logger, retryWithInfo } from '@postflight/core'
import type { ComposeProject } from './project.ts'

export interface UpOptions {
  retries: number
  build: boolean
  pull: 'never' | 'missing' | 'always'
  signal: AbortSignal
  logger: Logger
}

class UpFailed extends Error {}

const tail = (text: string): string => text.trim().split('\n').slice(-15).join('\n')

/**
 * `up -d`, retried `retries` times after a cleanup (`down`) when it fails: a port still held by the
 * last run or a registry hiccup should not fail a release. The outcome is the `deploy:up` check.
 */
export async function upWithRetries(project: ComposeProject, options: UpOptions): Promise<CheckOutcome> {
  const failures: string[] = []
  try {
    const { attempts, value } = await retryWithInfo(
      async (n) => {
        if (n > 1) await project.down({ timeoutMs: 120_000 }).catch(() => undefined)
        const r = await project.up({
          build: options.build,
          pull: options.pull,
          signal: options.signal,
          timeoutMs: 600_000,
        })
        if (r.exitCode !== 0) {
          const why = r.timedOut ? 'timed out' : `exit ${r.exitCode}`
          throw new UpFailed(`${why}: ${tail(r.stderr || r.stdout)}`)
        }
        return r.durationMs
      },
      {
        attempts: options.retries + 1,
        baseMs: 1000,
        maxMs: 10_000,
        signal: options.signal,
        shouldRetry: (err) => err instanceof UpFailed,
        onRetry: ({ attempt, error }) => {
          failures.push(`attempt ${attempt}: ${(error as Error).message}`)
          options.logger.warn(`compose up failed (attempt ${attempt}); cleaning up and trying again`)
        },
      },
    )
    const how = [project.cli.command, ...project.cli.prefix, 'up'].join(' ')
    return {
      // Passing after a failure is flaky: a warning, as everywhere in Postflight.
      status: attempts > 1 ? 'warn' : 'pass',
      message: `${how} started project ${project.name} in ${value} ms${attempts > 1 ? ` on attempt ${attempts} (${failures[0]})` : ''}`,
      attempts,
      ...(attempts > 1 ? { flaky: true, evidence: { failures } } : {}),
    }
  } catch (err) {
    if (!(err instanceof UpFailed)) throw err
    failures.push(err.message)
    return {
      status: 'fail',
      message: `compose up failed ${failures.length} time${failures.length === 1 ? '' : 's'}: ${err.message}`,
      attempts: failures.length,
      evidence: { failures },
    }
  }
}
