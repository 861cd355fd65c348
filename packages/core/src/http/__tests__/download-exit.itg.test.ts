import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, rm } from 'node:fs/promises'
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { NODE24 } from '../../../../../test/helpers/paths.ts'

/*
 * A step whose download failed must still end: nothing of the download (a socket, the hashing
 * thread, a timer) may keep the process alive. Each case runs a child process that downloads from
 * a server here, fails, and must exit by itself (no process.exit) within a few seconds.
 */

const DOWNLOAD = path.resolve(import.meta.dirname, '../download.ts')
const THREADED = 9 * 1024 * 1024 // from 8 MiB the hashing runs on a worker thread

let dir: string
const servers: Server[] = []
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pf-exit-'))
})
afterAll(async () => {
  for (const server of servers) server.close()
  await rm(dir, { recursive: true, force: true })
})

async function server(answer: (socket: Socket) => void): Promise<number> {
  const s = createServer((socket) => {
    socket.on('error', () => {})
    socket.once('data', () => answer(socket))
  })
  servers.push(s)
  s.listen(0, '127.0.0.1')
  await once(s, 'listening')
  return (s.address() as AddressInfo).port
}

/** Runs one download in a child; resolves with its exit code, stderr and how long it took to exit. */
async function childDownload(
  url: string,
  options: object,
): Promise<{ code: number | null; stderr: string; ms: number }> {
  const script = `
    import { downloadToFile } from ${JSON.stringify(DOWNLOAD)}
    try {
      await downloadToFile(${JSON.stringify(url)}, ${JSON.stringify(path.join(dir, `f-${Math.random()}`))}, {
        algorithms: ['sha256'], retry: { attempts: 1 }, ...${JSON.stringify(options)} })
    } catch (err) {
      console.error('failed:', err.message)
      process.exitCode = 1
    }`
  const started = performance.now()
  const child = spawn(NODE24, ['--input-type=module', '-e', script], { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (data: Buffer) => {
    stderr += data.toString()
  })
  const killer = setTimeout(() => child.kill('SIGKILL'), 10_000)
  const [code] = (await once(child, 'exit')) as [number | null]
  clearTimeout(killer)
  return { code, stderr, ms: performance.now() - started }
}

describe('a process whose download failed exits by itself', () => {
  test('when the announced size differs', async () => {
    const port = await server((socket) => socket.write('HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nab'))
    const { code, stderr, ms } = await childDownload(`http://127.0.0.1:${port}/x`, { expectedSize: THREADED })
    expect(stderr).toMatch(/failed: the server announced 100 bytes/)
    expect(code).toBe(1)
    expect(ms).toBeLessThan(5000)
  })

  test('when a threaded download times out mid-body', async () => {
    const port = await server((socket) => {
      socket.write(`HTTP/1.1 200 OK\r\ncontent-length: ${THREADED}\r\n\r\n`)
      socket.write(Buffer.alloc(3 * 1024 * 1024)) // then nothing
    })
    const { code, stderr, ms } = await childDownload(`http://127.0.0.1:${port}/x`, {
      expectedSize: THREADED,
      timeoutMs: 300,
    })
    expect(stderr).toMatch(/failed: .*no data for 300 ms/)
    expect(code).toBe(1)
    expect(ms).toBeLessThan(5000)
  })

  test('when the server answers 404', async () => {
    const port = await server((socket) => socket.write('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n'))
    const { code, stderr, ms } = await childDownload(`http://127.0.0.1:${port}/x`, { expectedSize: THREADED })
    expect(stderr).toMatch(/failed: .*404/)
    expect(code).toBe(1)
    expect(ms).toBeLessThan(5000)
  })
})
