import path from 'node:path'
import type { EngineContext, SuiteBuilder } from '@postflight/core'
import type { ServiceModel } from '../compose/compose-file.ts'
import type { ServiceHealth } from '../health/index.ts'
import { DEFAULTS, type DeployOptions } from '../inputs.ts'
import { runFunctional } from './run-functional.ts'

/** Each service's URL: its HTTP health check's, else its first published port's (on loopback for a wildcard). */
export function serviceUrls(health: ServiceHealth[], services: ServiceModel[]): Record<string, string> {
  const urls: Record<string, string> = {}
  for (const s of services) {
    const port = s.ports[0]
    if (!port) continue
    const host =
      port.host === '' || port.host === '0.0.0.0'
        ? '127.0.0.1'
        : port.host === '::'
          ? '[::1]'
          : port.host.includes(':')
            ? `[${port.host}]`
            : port.host
    urls[s.name] = `http://${host}:${port.port}`
  }
  for (const h of health)
    if (h.healthCheckUrl && h.kind === 'http')
      urls[h.service ?? h.name] = withoutCredentials(h.healthCheckUrl)
  return urls
}

// A result's URL has its password replaced by ***: a URL with `user:***@` would send that as the
// password, so the credentials are dropped and a command that needs them brings its own.
function withoutCredentials(text: string): string {
  try {
    const url = new URL(text)
    url.username = ''
    url.password = ''
    return url.toString()
  } catch {
    return text
  }
}

/** The functional checks, with each service's URL as POSTFLIGHT_URL_<SERVICE>, once all is healthy. */
export async function functionalPhase(
  suite: SuiteBuilder,
  options: DeployOptions,
  ctx: EngineContext,
  health: ServiceHealth[],
  services: ServiceModel[],
): Promise<void> {
  if (!options.commands?.length) return
  const urls = serviceUrls(health, services)
  const results = await ctx.logger.group('Functional checks', () =>
    runFunctional(options.commands ?? [], {
      urls,
      cwd: process.cwd(),
      scratch: path.join(ctx.workDir, 'functional'),
      timeoutMs: options['command-timeout'] ?? DEFAULTS.commandTimeoutMs,
      secrets: ctx.secrets,
      signal: ctx.signal,
    }),
  )
  for (const check of results) suite.add(check)
}
