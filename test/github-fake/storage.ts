import type { IncomingMessage, ServerResponse } from 'node:http'

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
    res.end(data)
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
  res.end(data.subarray(start, end + 1))
}

/** Announces the whole body, sends half of it, then drops the connection. */
export function dropMidBody(res: ServerResponse, data: Buffer): void {
  res.writeHead(200, { 'content-length': data.length, 'accept-ranges': 'bytes' })
  res.write(data.subarray(0, Math.floor(data.length / 2)), () => res.socket?.destroy())
}
