// A loopback stand-in for GitHub's Actions cache service (v2: the Twirp CacheService the runner's
// ACTIONS_RESULTS_URL points at, plus the blob storage its signed URLs name), enough for the real
// @actions/cache to save and restore through it: entries are immutable, a restore matches the
// exact key and version first, then the newest entry whose key starts with a restore key.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

interface Entry {
  key: string
  version: string
  data?: Buffer
  order: number
}

export interface ActionsCacheFake {
  /** What ACTIONS_RESULTS_URL is set to (with the trailing slash the runner gives it). */
  url: string
  /** The finalized entries, oldest first. */
  entries: () => { key: string; version: string; size: number }[]
  /** `Method key` of every Twirp call, in order. */
  calls: string[]
  /** The next call of `method` is answered with this HTTP status and Twirp error instead (once). */
  failNext: (method: string, status: number, msg: string, headers?: Record<string, string>) => void
  /** The next call of `method` is never answered (the connection stays open). */
  hangNext: (method: string) => void
  close: () => Promise<void>
}

const TWIRP = '/twirp/github.actions.results.api.v1.CacheService/'
// Path-style blob URLs (account, container, blob), as the Azure SDK reads them for an IP host.
const BLOB = '/devstoreaccount1/cache/'

export async function startActionsCacheFake(): Promise<ActionsCacheFake> {
  const entries: Entry[] = []
  const pending = new Map<string, Entry>()
  const calls: string[] = []
  let order = 0
  let base = ''
  const failures = new Map<string, { status: number; msg: string; headers: Record<string, string> }>()
  const hangs = new Set<string>()

  const twirp = (method: string, body: Record<string, unknown>): Record<string, unknown> => {
    const key = String(body.key ?? '')
    const version = String(body.version ?? '')
    calls.push(`${method} ${key}`)
    switch (method) {
      case 'CreateCacheEntry': {
        if (entries.some((e) => e.key === key && e.version === version) || pending.has(key)) {
          return { ok: false, message: `cache entry ${key} already exists` }
        }
        pending.set(key, { key, version, order: 0 })
        return { ok: true, signedUploadUrl: `${base}${BLOB}${encodeURIComponent(key)}?sig=upload` }
      }
      case 'FinalizeCacheEntryUpload': {
        const entry = pending.get(key)
        if (!entry?.data || entry.version !== version) return { ok: false, message: 'nothing uploaded' }
        pending.delete(key)
        entry.order = ++order
        entries.push(entry)
        return { ok: true, entryId: String(entry.order) }
      }
      case 'GetCacheEntryDownloadURL': {
        const restoreKeys = (body.restoreKeys ?? body.restore_keys ?? []) as string[]
        const mine = entries.filter((e) => e.version === version).sort((a, b) => b.order - a.order)
        const hit =
          mine.find((e) => e.key === key) ??
          restoreKeys.map((p) => mine.find((e) => e.key.startsWith(p))).find((e) => e !== undefined)
        if (!hit) return { ok: false }
        return {
          ok: true,
          signedDownloadUrl: `${base}${BLOB}${encodeURIComponent(hit.key)}?sig=download`,
          matchedKey: hit.key,
        }
      }
      default:
        throw new Error(`unknown method ${method}`)
    }
  }

  const blob = (req: IncomingMessage, res: ServerResponse, key: string, body: Buffer): void => {
    const common = { 'x-ms-request-id': '1', 'x-ms-version': '2024-05-04', etag: '"0x1"' }
    if (req.method === 'PUT') {
      const entry = pending.get(key)
      if (!entry) return void res.writeHead(404, common).end()
      entry.data = body
      return void res.writeHead(201, { ...common, 'last-modified': new Date().toUTCString() }).end()
    }
    const data = entries.find((e) => e.key === key)?.data
    if (!data) return void res.writeHead(404, common).end()
    const headers = {
      ...common,
      'x-ms-blob-type': 'BlockBlob',
      'accept-ranges': 'bytes',
      'last-modified': new Date().toUTCString(),
      'content-type': 'application/octet-stream',
    }
    if (req.method === 'HEAD') {
      return void res.writeHead(200, { ...headers, 'content-length': data.length }).end()
    }
    const range = /bytes=(\d+)-(\d*)/.exec(String(req.headers['x-ms-range'] ?? req.headers.range ?? ''))
    if (!range) return void res.writeHead(200, { ...headers, 'content-length': data.length }).end(data)
    const start = Number(range[1])
    const end = range[2] ? Math.min(Number(range[2]), data.length - 1) : data.length - 1
    res
      .writeHead(206, {
        ...headers,
        'content-length': end - start + 1,
        'content-range': `bytes ${start}-${end}/${data.length}`,
      })
      .end(data.subarray(start, end + 1))
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      const url = new URL(req.url ?? '/', base)
      try {
        const method = url.pathname.slice(TWIRP.length)
        const failure = failures.get(method)
        if (url.pathname.startsWith(TWIRP) && hangs.has(method)) {
          hangs.delete(method)
          calls.push(`${method} (no answer)`)
        } else if (url.pathname.startsWith(TWIRP) && failure) {
          failures.delete(url.pathname.slice(TWIRP.length))
          calls.push(`${url.pathname.slice(TWIRP.length)} ${JSON.parse(body.toString() || '{}').key ?? ''}`)
          res
            .writeHead(failure.status, { 'content-type': 'application/json', ...failure.headers })
            .end(JSON.stringify({ code: 'unavailable', msg: failure.msg }))
        } else if (url.pathname.startsWith(TWIRP) && req.method === 'POST') {
          const answer = twirp(url.pathname.slice(TWIRP.length), JSON.parse(body.toString() || '{}'))
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer))
        } else if (url.pathname.startsWith(BLOB)) {
          blob(req, res, decodeURIComponent(url.pathname.slice(BLOB.length)), body)
        } else res.writeHead(404).end()
      } catch (err) {
        res
          .writeHead(500, { 'content-type': 'application/json' })
          .end(JSON.stringify({ code: 'internal', msg: String(err) }))
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url: `${base}/`,
    entries: () => entries.map((e) => ({ key: e.key, version: e.version, size: e.data?.length ?? 0 })),
    calls,
    failNext: (method, status, msg, headers = {}) => {
      failures.set(method, { status, msg, headers })
    },
    hangNext: (method) => {
      hangs.add(method)
    },
    close: () => {
      server.closeAllConnections()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}
