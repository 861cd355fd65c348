import { reach } from '../reach.ts'
import type { TcpCheck } from '../spec.ts'
import type { ProbeContext, ProbeOutcome } from '../types.ts'

/** A TCP check passes as soon as something accepts the connection. */
export async function probeTcp(check: TcpCheck, ctx: ProbeContext): Promise<ProbeOutcome> {
  const started = performance.now()
  const reached = await reach(check.host, check.port, ctx.timeoutMs, ctx.signal)
  if (!reached.ok) return { state: 'pending', message: reached.error }
  const responseTimeMs = Math.round(performance.now() - started)
  const at = reached.family === 6 ? `[${reached.address}]` : reached.address
  return { state: 'ok', message: `${at}:${check.port} accepted a connection`, responseTimeMs }
}
