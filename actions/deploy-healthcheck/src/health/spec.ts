import { durationSchema } from '@postflight/core'
import { z } from 'zod'
import { isJsonPath } from './json-path.ts'
import { SSL_MODES } from './probes/targets.ts'

// Fields every kind takes: which check this is, which compose service it watches (for the dead-service
// hook), and per-check overrides of the run's per-attempt timeout and attempt count.
const common = {
  name: z.string().min(1).optional(),
  service: z.string().min(1).optional(),
  timeout: durationSchema.refine((ms) => ms >= 1, 'expected a duration of at least 1ms').optional(),
  attempts: z.coerce.number().int().min(1).max(100).optional(),
}

const port = z.coerce.number().int().min(1).max(65_535)

/** `200`, `"200-399"` or a list of either: the statuses an HTTP check accepts. */
const statusList = z
  .union([z.number(), z.string(), z.array(z.union([z.number(), z.string()]))])
  .transform((value, ctx) => {
    const items = Array.isArray(value) ? value : String(value).split(',')
    const ranges: Array<[number, number]> = []
    for (const item of items) {
      const m = /^\s*(\d{3})\s*(?:-\s*(\d{3}))?\s*$/.exec(String(item))
      const low = Number(m?.[1])
      const high = Number(m?.[2] ?? m?.[1])
      if (!m || low < 100 || high > 599 || low > high) {
        ctx.addIssue({
          code: 'custom',
          message: `expected a status like 200 or a range like 200-399; got ${JSON.stringify(item)}`,
        })
        return z.NEVER
      }
      ranges.push([low, high])
    }
    return ranges
  })

function isRegExp(source: string): boolean {
  try {
    new RegExp(source)
    return true
  } catch {
    return false
  }
}

function urlOf(schemes: string[]) {
  return z.string().refine(
    (text) => {
      try {
        return schemes.includes(new URL(text).protocol.replace(/:$/, ''))
      } catch {
        return false
      }
    },
    `expected a URL starting with ${schemes.map((s) => `${s}://`).join(' or ')}`,
  )
}

export const HttpCheck = z.strictObject({
  kind: z.literal('http'),
  ...common,
  url: urlOf(['http', 'https']),
  method: z
    .string()
    .regex(/^[A-Za-z]+$/, 'expected an HTTP method like GET or HEAD')
    .transform((m) => m.toUpperCase())
    .default('GET'),
  'expect-status': statusList.default([[200, 399]]),
  body: z.string().min(1).refine(isRegExp, 'expected a JavaScript regular expression').optional(),
  'json-path': z.string().refine(isJsonPath, 'expected a path like $.status or $.checks[0].ok').optional(),
  equals: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
  headers: z.record(z.string(), z.union([z.string(), z.number()]).transform(String)).optional(),
  'ca-file': z.string().min(1).optional(),
  insecure: z.boolean().default(false),
})

export const TcpCheck = z.strictObject({ kind: z.literal('tcp'), ...common, host: z.string().min(1), port })

export const PostgresCheck = z
  .strictObject({
    kind: z.literal('postgres'),
    ...common,
    url: urlOf(['postgres', 'postgresql']).optional(),
    host: z.string().min(1).optional(),
    port: port.optional(),
    user: z.string().min(1).optional(),
    password: z.union([z.string(), z.number()]).transform(String).optional(),
    database: z.string().min(1).optional(),
    sslmode: z.enum(SSL_MODES).optional(),
    sslrootcert: z.string().min(1).optional(),
  })
  .refine(
    (c) => {
      const mode = c.url === undefined ? null : new URL(c.url).searchParams.get('sslmode')
      return mode === null || (SSL_MODES as readonly string[]).includes(mode)
    },
    { message: `expected sslmode ${SSL_MODES.join(', ')}`, path: ['url'] },
  )
  .refine(
    (c) => c.url !== undefined || c.host !== undefined,
    'expected url, or host (with port, user, password, database)',
  )

export const RedisCheck = z.strictObject({
  kind: z.literal('redis'),
  ...common,
  url: urlOf(['redis', 'rediss']),
  // For rediss:// only, as for HTTPS.
  'ca-file': z.string().min(1).optional(),
  insecure: z.boolean().default(false),
})

export const CommandCheck = z.strictObject({
  kind: z.literal('command'),
  ...common,
  run: z.string().min(1),
  container: z.string().min(1).optional(),
  'expect-exit': z.coerce.number().int().min(0).max(255).default(0),
})

export const ContainerCheck = z.strictObject({
  kind: z.literal('container'),
  ...common,
  service: z.string().min(1),
})

/** One health check, any kind. `kind` may be left out when a `url` says it (http(s)://, postgres://, redis://). */
export const HealthCheckSpec = z.preprocess(
  inferKind,
  z.discriminatedUnion('kind', [
    HttpCheck,
    TcpCheck,
    PostgresCheck,
    RedisCheck,
    CommandCheck,
    ContainerCheck,
  ]),
)

export type HttpCheck = z.output<typeof HttpCheck>
export type TcpCheck = z.output<typeof TcpCheck>
export type PostgresCheck = z.output<typeof PostgresCheck>
export type RedisCheck = z.output<typeof RedisCheck>
export type CommandCheck = z.output<typeof CommandCheck>
export type ContainerCheck = z.output<typeof ContainerCheck>
/** A parsed check. After `HealthChecksInput` every check has a unique `name`. */
export type HealthCheckSpec = z.output<typeof HealthCheckSpec>
export type HealthCheckKind = HealthCheckSpec['kind']

const KIND_OF_SCHEME: Record<string, HealthCheckKind> = {
  http: 'http',
  https: 'http',
  postgres: 'postgres',
  postgresql: 'postgres',
  redis: 'redis',
  rediss: 'redis',
  tcp: 'tcp',
}

function inferKind(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value
  const entry = value as Record<string, unknown>
  if ((entry.kind !== undefined && entry.kind !== 'tcp') || typeof entry.url !== 'string') return value
  const scheme = /^([a-z]+):\/\//i.exec(entry.url)?.[1]?.toLowerCase()
  const kind = scheme === undefined ? undefined : KIND_OF_SCHEME[scheme]
  if (entry.kind === 'tcp' && kind !== 'tcp') return value
  if (kind === 'tcp') {
    // tcp://host:port is a shorthand for { host, port }.
    const { url, ...rest } = entry
    const parsed = URL.parse(url as string)
    if (parsed === null) return value
    return { ...rest, kind, host: parsed.hostname.replace(/^\[|\]$/g, ''), port: parsed.port }
  }
  return kind === undefined ? value : { kind, ...entry }
}
