import { type ConnectionOptions, checkServerIdentity } from 'node:tls'
import pg from 'pg'
import { reach } from '../reach.ts'
import type { PostgresCheck } from '../spec.ts'
import type { ProbeContext, ProbeOutcome } from '../types.ts'
import { type PostgresTarget, postgresTarget } from './targets.ts'

// libpq's meaning of each sslmode. We connect to the address that answered, so a verify-full host
// check is made against the name the user wrote, not that address.
function tlsOptions(target: PostgresTarget, ca: Buffer | undefined): false | ConnectionOptions {
  const withCa = ca === undefined ? {} : { ca }
  switch (target.sslmode) {
    case 'require':
      return { rejectUnauthorized: false }
    case 'verify-ca':
      return { rejectUnauthorized: true, ...withCa, checkServerIdentity: () => undefined }
    case 'verify-full':
      return {
        rejectUnauthorized: true,
        ...withCa,
        checkServerIdentity: (_name, cert) => checkServerIdentity(target.host, cert),
      }
    default:
      return false
  }
}

// SQLSTATE 57P03 cannot_connect_now: the server is starting up or recovering, not yet an answer.
const NOT_YET = new Set(['57P03'])

/** A real login and `SELECT 1`, with the pg package. A wrong password is a bad answer, never printed. */
export async function probePostgres(
  check: PostgresCheck,
  ca: Buffer | undefined,
  ctx: ProbeContext,
): Promise<ProbeOutcome> {
  const target = postgresTarget(check)
  const reached = await reach(target.host, target.port, ctx.timeoutMs, ctx.signal)
  if (!reached.ok) return { state: 'pending', message: reached.error }
  const started = performance.now()
  const client = new pg.Client({
    host: reached.address,
    port: target.port,
    user: target.user,
    password: target.password ?? '',
    database: target.database,
    ssl: tlsOptions(target, ca),
    connectionTimeoutMillis: ctx.timeoutMs,
    query_timeout: ctx.timeoutMs,
    application_name: 'postflight-healthcheck',
  })
  // A connection dropped after connect emits 'error' on the client; without a listener it would crash us.
  client.on('error', () => {})
  const onAbort = (): void => void client.end().catch(() => {})
  ctx.signal.addEventListener('abort', onAbort, { once: true })
  try {
    await client.connect()
    const result = await client.query<{ ok: number; version: string }>(
      "SELECT 1 AS ok, current_setting('server_version') AS version",
    )
    const responseTimeMs = Math.round(performance.now() - started)
    if (result.rows[0]?.ok !== 1) {
      return {
        state: 'bad',
        message: 'SELECT 1 did not return 1',
        response: { status: 'SELECT 1' },
        responseTimeMs,
      }
    }
    const server = result.rows[0]?.version ?? ''
    return {
      state: 'ok',
      message: `logged in as ${target.user ?? '(default user)'} and ran SELECT 1 in ${responseTimeMs} ms`,
      response: { status: 'SELECT 1', body: server === '' ? '1' : `1 (server ${server})` },
      responseTimeMs,
    }
  } catch (err) {
    const e = err as Error & { code?: string }
    const message = ctx.redact(e.code === undefined ? e.message : `${e.message} (SQLSTATE ${e.code})`)
    if (e.code === 'ECONNREFUSED' || (e.code !== undefined && NOT_YET.has(e.code))) {
      return { state: 'pending', message }
    }
    return {
      state: 'bad',
      message,
      response: { error: message },
      responseTimeMs: Math.round(performance.now() - started),
    }
  } finally {
    ctx.signal.removeEventListener('abort', onAbort)
    await client.end().catch(() => {})
  }
}
