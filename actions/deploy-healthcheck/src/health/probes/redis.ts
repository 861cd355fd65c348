import { isIP } from 'node:net'
import { checkServerIdentity, type PeerCertificate } from 'node:tls'
import { createClient } from 'redis'
import { reach } from '../reach.ts'
import type { RedisCheck } from '../spec.ts'
import type { ProbeContext, ProbeOutcome } from '../types.ts'
import { redisTarget } from './targets.ts'

// Errors that mean the server is still loading its data set: not an answer yet.
const NOT_YET = /^(LOADING|BUSY|MASTERDOWN)\b/

/** Connects with the redis package (AUTH and SELECT as the URL says) and expects PING to answer PONG. */
export async function probeRedis(
  check: RedisCheck,
  ca: Buffer | undefined,
  ctx: ProbeContext,
): Promise<ProbeOutcome> {
  const target = redisTarget(check)
  const reached = await reach(target.host, target.port, ctx.timeoutMs, ctx.signal)
  if (!reached.ok) return { state: 'pending', message: reached.error }
  const started = performance.now()
  const client = createClient({
    socket: {
      host: reached.address,
      port: target.port,
      connectTimeout: ctx.timeoutMs,
      socketTimeout: ctx.timeoutMs,
      // One try per attempt: the loop around the probe does the retrying, with its own backoff.
      reconnectStrategy: false,
      // TLS is checked against the name in the URL, not the address that answered.
      ...(target.tls
        ? {
            tls: true as const,
            ...(isIP(target.host) === 0 ? { servername: target.host } : {}),
            ...(ca === undefined ? {} : { ca }),
            rejectUnauthorized: !check.insecure,
            checkServerIdentity: (_name: string, cert: PeerCertificate) =>
              checkServerIdentity(target.host, cert),
          }
        : {}),
    },
    ...(target.username === undefined ? {} : { username: target.username }),
    ...(target.password === undefined ? {} : { password: target.password }),
    ...(target.database === undefined ? {} : { database: target.database }),
    disableOfflineQueue: true,
  })
  // Errors also reach the promises below; the listener keeps an 'error' event from crashing the process.
  client.on('error', () => {})
  const onAbort = (): void => client.destroy()
  ctx.signal.addEventListener('abort', onAbort, { once: true })
  try {
    await client.connect()
    const reply = await client.ping()
    const responseTimeMs = Math.round(performance.now() - started)
    if (reply !== 'PONG') {
      return {
        state: 'bad',
        message: `PING answered ${JSON.stringify(reply)}, expected PONG`,
        response: { body: String(reply) },
        responseTimeMs,
      }
    }
    return {
      state: 'ok',
      message: `PING answered PONG in ${responseTimeMs} ms`,
      response: { body: 'PONG' },
      responseTimeMs,
    }
  } catch (err) {
    const message = ctx.redact((err as Error).message)
    if (NOT_YET.test(message)) return { state: 'pending', message }
    return {
      state: 'bad',
      message,
      response: { error: message },
      responseTimeMs: Math.round(performance.now() - started),
    }
  } finally {
    ctx.signal.removeEventListener('abort', onAbort)
    if (client.isOpen) client.destroy()
  }
}
