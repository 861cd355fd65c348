import type { Platform, SuiteBuilder } from '@postflight/core'
import type { SmokeOptions } from './inputs.ts'

/** Whether the platform under test is this runner's: only then is anything run. */
export function runsHere(platform: Platform): boolean {
  return platform.os === process.platform && platform.arch === process.arch
}

/**
 * A leg that ran nothing must never read as a passed platform in the report: it is an error (the
 * matrix put it on the wrong runner), and every check it could not make is listed as skipped.
 */
export function recordWrongRunner(suite: SuiteBuilder, label: string, options: SmokeOptions): void {
  const why = `${label} is not this runner (${process.platform}-${process.arch}): nothing was run`
  suite.add({
    id: `version:${label}`,
    title: 'The binary reports the release version',
    status: 'skip',
    message: why,
  })
  for (const [i, cmd] of (options.commands ?? []).entries())
    suite.add({ id: `smoke:${label}:${cmd.name ?? i + 1}`, title: cmd.run, status: 'skip', message: why })
  for (const m of options.install ?? [])
    suite.add({
      id: `install:${m.method}:${label}`,
      title: `Installs with ${m.method}`,
      status: 'skip',
      message: why,
    })
  suite.add({
    id: `runner:${label}`,
    title: 'The leg runs on the platform it tests',
    status: 'error',
    message: `${why}; run this leg on a ${label} runner`,
  })
}
