import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { isIP, type Socket } from 'node:net'
import { checkServerIdentity, connect as tlsConnect } from 'node:tls'
import { parseRetryAfter } from '@postflight/core'
import { readJsonPath } from '../json-path.ts'
import { bareHost, open } from '../reach.ts'
import type { HttpCheck } from '../spec.ts'
import type { ProbeContext, ProbeOutcome } from '../types.ts'
import { trimBody } from './trim.ts'

// Enough of a health endpoint's body to match a regex or a JSON path; the rest is not read.
const MAX_BODY = 256 * 1024

interface Answer {
  status: number
  body: string
  ms: number
  retryAfter: string | undefined
}

function send(check: HttpCheck, socket: Socket, ca: Buffer | undefined, ctx: ProbeContext): Promise<Answer> {
  const url = new URL(check.url)
  const host = bareHost(url.hostname)
  const started = performance.now()
  // The request goes over the connection `open` made to the address that answered, so a `localhost`
  // the resolver maps to the other loopback cannot hang it, and no second connection is made.
  const connection =
    url.protocol === 'https:'
      ? () =>
          tlsConnect({
            socket,
            ...(isIP(host) === 0 ? { servername: host } : {}),
            ...(ca === undefined ? {} : { ca }),
            rejectUnauthorized: !check.insecure,
            // The certificate must name the URL's host, not the address connected to.
            checkServerIdentity: (_name, cert) => checkServerIdentity(host, cert),
          })
      : () => socket
  const options = {
    createConnection: connection,
    path: `${url.pathname}${url.search}`,
    method: check.method,
    headers: {
      host: url.host,
      'user-agent': 'postflight-healthcheck',
      ...(url.username === '' ? {} : { authorization: basicAuth(url) }),
      ...check.headers,
    },
    signal: ctx.signal,
    timeout: ctx.timeoutMs,
  }
  return new Promise<Answer>((resolve, reject) => {
    const timer = setTimeout(
      () => req.destroy(new Error(`no answer within ${ctx.timeoutMs} ms`)),
      ctx.timeoutMs,
    )
    const onResponse = (res: IncomingMessage): void => {
      const chunks: Buffer[] = []
      let size = 0
      res.on('data', (chunk: Buffer) => {
        if (size >= MAX_BODY) return
        chunks.push(chunk)
        size += chunk.length
      })
      res.once('error', reject)
      res.once('end', () => {
        clearTimeout(timer)
        resolve({
          status: res.statusCode ?? 0,
          retryAfter: res.headers['retry-after'],
          body: Buffer.concat(chunks).subarray(0, MAX_BODY).toString('utf8'),
          ms: performance.now() - started,
        })
      })
    }
    const req =
      url.protocol === 'https:' ? httpsRequest(options, onResponse) : httpRequest(options, onResponse)
    req.once('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
    req.once('timeout', () => req.destroy(new Error(`no answer within ${ctx.timeoutMs} ms`)))
    req.end()
  })
}

function basicAuth(url: URL): string {
  const user = decodeURIComponent(url.username)
  const password = decodeURIComponent(url.password)
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
}

function statusOk(check: HttpCheck, status: number): boolean {
  return check['expect-status'].some(([low, high]) => status >= low && status <= high)
}

function showStatuses(check: HttpCheck): string {
  return check['expect-status'].map(([l, h]) => (l === h ? `${l}` : `${l}-${h}`)).join(', ')
}

/** What is wrong with an answer, or undefined when it passes every expectation of the check. */
export function judge(check: HttpCheck, answer: { status: number; body: string }): string | undefined {
  if (!statusOk(check, answer.status)) return `HTTP ${answer.status}, expected ${showStatuses(check)}`
  if (check.body !== undefined && !new RegExp(check.body).test(answer.body)) {
    return `HTTP ${answer.status} but the body does not match /${check.body}/`
  }
  if (check['json-path'] !== undefined) {
    let doc: unknown
    try {
      doc = JSON.parse(answer.body)
    } catch {
      return `HTTP ${answer.status} but the body is not JSON (for ${check['json-path']})`
    }
    const { found, value } = readJsonPath(doc, check['json-path'])
    if (!found) return `HTTP ${answer.status} but ${check['json-path']} is not in the body`
    if (check.equals !== undefined && !sameValue(value, check.equals)) {
      return `HTTP ${answer.status} but ${check['json-path']} is ${JSON.stringify(value)}, expected ${JSON.stringify(check.equals)}`
    }
  }
  return undefined
}

// YAML reads `equals: 1` as a number and `equals: "ok"` as a string; a body may carry either form.
function sameValue(actual: unknown, expected: string | number | boolean | null): boolean {
  if (actual === expected) return true
  if (typeof actual === 'object' && actual !== null) return false
  return String(actual) === String(expected)
}

// Refused or reset before any answer: the server is not (or no longer) listening; poll again. A reset
// also comes from a published port's proxy (docker-proxy) that accepts while the container's server is not up.
const NOT_LISTENING = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH'])

/** One HTTP(S) try: connect (both loopbacks for localhost), request, judge the status and body. */
export async function probeHttp(
  check: HttpCheck,
  ca: Buffer | undefined,
  ctx: ProbeContext,
): Promise<ProbeOutcome> {
  const url = new URL(check.url)
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80))
  const opened = await open(url.hostname, port, ctx.timeoutMs, ctx.signal)
  if (!opened.ok) return { state: 'pending', message: opened.error }
  let answer: Answer
  try {
    answer = await send(check, opened.socket, ca, ctx)
  } catch (err) {
    const e = err as NodeJS.ErrnoException
    if (e.code !== undefined && NOT_LISTENING.has(e.code))
      return { state: 'pending', message: `${e.code} from ${url.host}` }
    const error = ctx.redact(e.code === undefined ? e.message : `${e.code}: ${e.message}`)
    return { state: 'bad', message: error, response: { error } }
  } finally {
    opened.socket.destroy()
  }
  const response = { status: answer.status, body: trimBody(answer.body, ctx.redact) }
  const wrong = judge(check, answer)
  const responseTimeMs = Math.round(answer.ms)
  if (wrong !== undefined) {
    // A 503 or 429 that says when to come back is taken at its word (the loop caps it at the backoff maximum).
    const retryAfterMs = parseRetryAfter(answer.retryAfter)
    return {
      state: 'bad',
      message: ctx.redact(wrong),
      response,
      responseTimeMs,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    }
  }
  return { state: 'ok', message: `HTTP ${answer.status} in ${responseTimeMs} ms`, response, responseTimeMs }
}
