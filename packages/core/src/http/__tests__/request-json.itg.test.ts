import { once } from 'node:events'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { HttpError } from '../http-error.ts'
import { requestJson } from '../request-json.ts'

interface Seen {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: string
}

let server: Server | undefined

async function serve(
  answer: (seen: Seen, n: number, res: ServerResponse) => void,
): Promise<{ base: string; seen: Seen[] }> {
  const seen: Seen[] = []
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => {
      body += c
    })
    req.on('end', () => {
      const entry = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body }
      seen.push(entry)
      answer(entry, seen.length, res)
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen }
}

afterEach(async () => {
  server?.close()
  server = undefined
})

const json = (res: ServerResponse, status: number, body: unknown) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))

describe('requestJson', () => {
  it('POSTs the json body with its content type and retries a 503 with the same body', async () => {
    const { base, seen } = await serve((_s, n, res) =>
      n === 1 ? json(res, 503, {}) : json(res, 200, [1, 2]),
    )
    const r = await requestJson<number[]>(`${base}/api/v1/log/entries/retrieve`, {
      json: { entries: [{ kind: 'hashedrekord' }] },
      retry: { baseMs: 1, maxMs: 5 },
    })
    expect(r.body).toEqual([1, 2])
    expect(r.attempts).toBe(2)
    expect(seen.map((s) => s.method)).toEqual(['POST', 'POST'])
    for (const s of seen) {
      expect(s.headers['content-type']).toBe('application/json')
      expect(JSON.parse(s.body)).toEqual({ entries: [{ kind: 'hashedrekord' }] })
    }
  })

  it('does not follow a redirect of a POST: it is an error naming the method and path', async () => {
    const { base, seen } = await serve((_s, _n, res) => res.writeHead(307, { location: '/elsewhere' }).end())
    const error = await requestJson(`${base}/search`, { json: {}, retry: { attempts: 1 } }).catch((e) => e)
    expect(error).toBeInstanceOf(HttpError)
    expect(String(error.message)).toContain('POST')
    expect(String(error.message)).toContain('/search')
    expect(seen).toHaveLength(1)
  })

  it('GETs without a body when no json is given, and sends Authorization only to its origin', async () => {
    const { base, seen } = await serve((_s, _n, res) => json(res, 200, { ok: true }))
    await requestJson(`${base}/x`, { authorization: 'Bearer t', authOrigin: 'http://127.0.0.1:1' })
    await requestJson(`${base}/y`, { authorization: 'Bearer t', authOrigin: base })
    expect(seen.map((s) => [s.method, s.body, s.headers.authorization])).toEqual([
      ['GET', '', undefined],
      ['GET', '', 'Bearer t'],
    ])
  })
})
