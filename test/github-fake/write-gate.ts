import type { IncomingMessage } from 'node:http'
import type { GithubOpenApi } from './openapi.ts'
import type { WriteReply, WriteRoute } from './write-routes.ts'

export interface GateOptions {
  /** An injected fault for this path, answered instead of the route. */
  fault?: { status?: number; headers?: Record<string, string> } | undefined
  auth: boolean | 'bad'
  /** The request carries the token that may write (not the read-only one). */
  canWrite: boolean
  openapi: GithubOpenApi
  violations: string[]
  reply: WriteReply
}

/**
 * What stands in front of every write route, as on GitHub: an injected fault, a bad token (401),
 * no token (401), a read-only token (403 "Resource not accessible by integration", a fork PR's
 * GITHUB_TOKEN); then the JSON body, checked against the description, a body GitHub would refuse
 * being a violation answered with a 422.
 */
export function serveWrite(req: IncomingMessage, url: URL, route: WriteRoute, o: GateOptions): void {
  const refused = refusal(route, o)
  if (refused) {
    o.reply(...refused)
    return
  }
  const chunks: Buffer[] = []
  req.on('data', (c: Buffer) => chunks.push(c))
  req.on('end', () => {
    if (route.method === 'get') {
      route.handle(url, {}, o.reply)
      return
    }
    const what = `${route.method.toUpperCase()} ${route.op}`
    let body: Record<string, unknown> = {}
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>
    } catch {
      o.violations.push(`request ${what}: the body is not JSON`)
    }
    const errors = o.openapi.checkRequest(route.method, route.op, body)
    if (errors.length === 0) {
      route.handle(url, body, o.reply)
      return
    }
    o.violations.push(`request ${what}: ${errors.join('; ')}`)
    o.reply(422, { message: 'Invalid request.', status: '422' })
  })
}

type Answer = [status: number, body: unknown, headers?: Record<string, string>]

function refusal(route: WriteRoute, o: GateOptions): Answer | undefined {
  if (o.fault) return [o.fault.status ?? 502, { message: 'Server Error' }, o.fault.headers ?? {}]
  if (o.auth === 'bad') return [401, { message: 'Bad credentials', status: '401' }]
  if (route.method === 'get' || o.canWrite) return undefined
  if (!o.auth) return [401, { message: 'Requires authentication', status: '401' }]
  return [
    403,
    {
      message: 'Resource not accessible by integration',
      documentation_url: 'https://docs.github.com/rest',
      status: '403',
    },
  ]
}
