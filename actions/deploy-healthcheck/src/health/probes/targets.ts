// Where the postgres and redis checks log in, read from their URLs and fields. Apart from the probes so
// that showing a check's URL does not load the pg or redis client.
import { bareHost } from '../reach.ts'
import type { PostgresCheck, RedisCheck } from '../spec.ts'

/** libpq's sslmode words; `allow` and `prefer` connect without TLS (pg has no fallback between the two). */
export const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const
export type SslMode = (typeof SSL_MODES)[number]

export interface PostgresTarget {
  host: string
  port: number
  user: string | undefined
  password: string | undefined
  database: string | undefined
  sslmode: SslMode
  /** A CA file (PEM) to verify the server's certificate with, as libpq's sslrootcert. */
  sslrootcert: string | undefined
}

/** Where a postgres check logs in: its URL's parts (and sslmode, sslrootcert), overridden by the fields. */
export function postgresTarget(check: PostgresCheck): PostgresTarget {
  const url = check.url === undefined ? undefined : new URL(check.url)
  const fromUrl = (part: string | undefined): string | undefined =>
    part === undefined || part === '' ? undefined : decodeURIComponent(part)
  const param = (name: string): string | undefined => url?.searchParams.get(name) ?? undefined
  const urlMode = param('sslmode')
  return {
    host: check.host ?? bareHost(url?.hostname || 'localhost'),
    port: check.port ?? Number(url?.port || 5432),
    user: check.user ?? fromUrl(url?.username),
    password: check.password ?? fromUrl(url?.password),
    database: check.database ?? fromUrl(url?.pathname.slice(1)),
    sslmode: check.sslmode ?? SSL_MODES.find((m) => m === urlMode) ?? 'disable',
    sslrootcert: check.sslrootcert ?? param('sslrootcert'),
  }
}

/** The parts of a redis[s]://[user][:password]@host[:port][/db] URL a check logs in with. */
export function redisTarget(check: RedisCheck) {
  const url = new URL(check.url)
  const part = (text: string): string | undefined => (text === '' ? undefined : decodeURIComponent(text))
  const db = url.pathname.replace(/^\//, '')
  return {
    host: bareHost(url.hostname || 'localhost'),
    port: Number(url.port || 6379),
    tls: url.protocol === 'rediss:',
    username: part(url.username),
    password: part(url.password),
    database: /^\d+$/.test(db) ? Number(db) : undefined,
  }
}
