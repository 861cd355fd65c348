import { createHash } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { Readable } from 'node:stream'

const PIECE = 64 * 1024 * 1024

/** sha256 of a buffer of any size (Hash.update refuses one of 4 GiB, so it is fed in pieces). */
export function sha256Hex(data: Buffer): string {
  const hash = createHash('sha256')
  for (let at = 0; at < data.length; at += PIECE) hash.update(data.subarray(at, at + PIECE))
  return hash.digest('hex')
}

/** Ends the response with `data`, in pieces with back-pressure, so bench assets past 2 GiB can be sent. */
function endWith(res: ServerResponse, data: Buffer): void {
  if (data.length <= PIECE) {
    res.end(data)
    return
  }
  Readable.from(
    (function* () {
      for (let at = 0; at < data.length; at += PIECE) yield data.subarray(at, at + PIECE)
    })(),
  ).pipe(res)
}

/**
 * Serves bytes as GitHub's release storage does after the asset endpoint's redirect: a signed URL,
 * `Accept-Ranges: bytes`, 206 for `Range: bytes=N-` / `bytes=N-M`, 416 past the end.
 */
export function serveBytes(req: IncomingMessage, res: ServerResponse, data: Buffer, ranges: boolean): void {
  const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '')
  const headers: Record<string, string | number> = { 'content-type': 'application/octet-stream' }
  if (ranges) headers['accept-ranges'] = 'bytes'
  if (!ranges || !range) {
    res.writeHead(200, { ...headers, 'content-length': data.length })
    endWith(res, data)
    return
  }
  const start = Number(range[1])
  const end = range[2] ? Math.min(Number(range[2]), data.length - 1) : data.length - 1
  if (start >= data.length || end < start) {
    res.writeHead(416, { ...headers, 'content-range': `bytes */${data.length}` }).end()
    return
  }
  res.writeHead(206, {
    ...headers,
    'content-length': end - start + 1,
    'content-range': `bytes ${start}-${end}/${data.length}`,
  })
  endWith(res, data.subarray(start, end + 1))
}

/** Announces the whole body, sends half of it, then drops the connection. */
export function dropMidBody(res: ServerResponse, data: Buffer): void {
  res.writeHead(200, { 'content-length': data.length, 'accept-ranges': 'bytes' })
  res.write(data.subarray(0, Math.floor(data.length / 2)), () => res.socket?.destroy())
}
