import { readFile } from 'node:fs/promises'
import { PostflightError } from '@postflight/core'
import { redactUrl } from './from-urls.ts'
import { probeCommand, probeContainer } from './probes/command.ts'
import { probeHttp } from './probes/http.ts'
import { postgresTarget } from './probes/targets.ts'
import { probeTcp } from './probes/tcp.ts'
import type { HealthCheckSpec } from './spec.ts'
import type { ProbeContext, ProbeOutcome, RunHealthOptions } from './types.ts'

/** One try of a check, whatever its kind. */
export type Probe = (ctx: ProbeContext) => Promise<ProbeOutcome>

/**
 * Readies a check to be tried: reads its CA file once, and fails with BAD_INPUT / BAD_CONFIG before
 * anything runs when the check cannot be made (a missing CA file, a container check without an engine).
 */
export async function prepareProbe(check: HealthCheckSpec, options: RunHealthOptions): Promise<Probe> {
  switch (check.kind) {
    case 'http': {
      const caFile = check['ca-file']
      const ca = caFile === undefined ? undefined : await readCa(check.name, 'ca-file', caFile)
      return (ctx) => probeHttp(check, ca, ctx)
    }
    case 'tcp':
      return (ctx) => probeTcp(check, ctx)
    // The pg and redis clients are loaded only when a check needs them: most stacks need neither.
    case 'postgres': {
      const rootCert = postgresTarget(check).sslrootcert
      const ca = rootCert === undefined ? undefined : await readCa(check.name, 'sslrootcert', rootCert)
      const { probePostgres } = await import('./probes/postgres.ts')
      return (ctx) => probePostgres(check, ca, ctx)
    }
    case 'redis': {
      const caFile = check['ca-file']
      const ca = caFile === undefined ? undefined : await readCa(check.name, 'ca-file', caFile)
      const { probeRedis } = await import('./probes/redis.ts')
      return (ctx) => probeRedis(check, ca, ctx)
    }
    case 'command':
      if (check.container !== undefined && options.exec === undefined) {
        throw new PostflightError(
          'BAD_CONFIG',
          `Check ${check.name} runs in container ${check.container}, but no container engine was given.`,
        )
      }
      return (ctx) => probeCommand(check, ctx)
    case 'container':
      if (options.containerHealth === undefined) {
        throw new PostflightError(
          'BAD_CONFIG',
          `Check ${check.name} reads ${check.service}'s HEALTHCHECK, but no container engine was given.`,
        )
      }
      return (ctx) => probeContainer(check, ctx)
  }
}

function readCa(check: string | undefined, field: string, file: string): Promise<Buffer> {
  return readFile(file).catch((err: unknown) => {
    throw new PostflightError(
      'BAD_INPUT',
      `Check ${check}: cannot read ${field} ${file}: ${(err as Error).message}.`,
      {
        field,
        cause: err,
      },
    )
  })
}

/** Where a check points, as a result may show it (passwords replaced by ***). */
export function healthCheckUrl(check: HealthCheckSpec): string | undefined {
  switch (check.kind) {
    case 'http':
    case 'redis':
      return redactUrl(check.url)
    case 'tcp':
      return `tcp://${check.host.includes(':') ? `[${check.host}]` : check.host}:${check.port}`
    case 'postgres': {
      const t = postgresTarget(check)
      const host = t.host.includes(':') ? `[${t.host}]` : t.host
      return `postgres://${t.user === undefined ? '' : `${encodeURIComponent(t.user)}@`}${host}:${t.port}/${t.database ?? ''}`
    }
    default:
      return undefined
  }
}

/** Passwords and credentials a check carries, to register as secrets before anything is logged. */
export function secretsOf(check: HealthCheckSpec): string[] {
  const fromUrl = (text: string): string[] => {
    try {
      const password = new URL(text).password
      return password === '' ? [] : [password, decodeURIComponent(password)]
    } catch {
      return []
    }
  }
  switch (check.kind) {
    case 'http':
      return [
        ...fromUrl(check.url),
        // Header values that authenticate: Authorization, Cookie, X-Api-Key, *token*, *secret*.
        ...Object.entries(check.headers ?? {})
          .filter(([name]) => /authorization|cookie|token|secret|key|password/i.test(name))
          .flatMap(([, value]) => [value, value.replace(/^(Bearer|Basic|Token)\s+/i, '')]),
      ]
    case 'redis':
      return fromUrl(check.url)
    case 'postgres':
      return [
        ...(check.url === undefined ? [] : fromUrl(check.url)),
        ...(check.password === undefined ? [] : [check.password]),
      ]
    default:
      return []
  }
}
