// HTTP(S)_PROXY is honoured without NODE_USE_ENV_PROXY once honourProxyEnvironment() ran: checked in a
// child process (it changes process-wide agents) against a loopback proxy. A proxied host is never
// resolved or contacted: the proxy answers for it.
import { execFile } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const run = promisify(execFile)
const TRANSPORT = path.resolve(import.meta.dirname, '../transport.ts')

async function childFetch(
  target: string,
  env: NodeJS.ProcessEnv = {},
  proxyValue: (url: string) => string = (url) => url,
): Promise<{ stdout: string; stderr: string; seen: string[] }> {
  const seen: string[] = []
  const proxy = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`)
    res.end('via proxy')
  })
  // fetch (undici) tunnels even plain http through CONNECT; the proxy answers inside the tunnel.
  proxy.on('connect', (req, socket) => {
    seen.push(`CONNECT ${req.url}`)
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n')
    socket.once('data', (request) => {
      seen.push(request.toString('latin1').split('\r\n')[0] ?? '')
      socket.end('HTTP/1.1 200 OK\r\ncontent-length: 9\r\nconnection: close\r\n\r\nvia proxy')
    })
  })
  proxy.listen(0, '127.0.0.1')
  await once(proxy, 'listening')
  const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
  const script = `
    const { honourProxyEnvironment } = await import(${JSON.stringify(TRANSPORT)})
    const { on, warning } = honourProxyEnvironment()
    if (warning) console.error(warning)
    const r = await fetch(process.env.TARGET).then((r) => r.text(), (e) => 'error ' + e.cause?.code)
    console.log(JSON.stringify({ on, r }))`
  try {
    const { stdout, stderr } = await run(process.execPath, ['--input-type=module', '-e', script], {
      env: { PATH: process.env.PATH, HTTP_PROXY: proxyValue(proxyUrl), TARGET: target, ...env },
      timeout: 20_000,
    })
    return { stdout, stderr, seen }
  } finally {
    proxy.close()
  }
}

describe('honourProxyEnvironment', () => {
  it('sends fetch through HTTP_PROXY when NODE_USE_ENV_PROXY is not set', async () => {
    const { stdout, seen } = await childFetch('http://release-storage.invalid/asset')
    expect(JSON.parse(stdout)).toEqual({ on: true, r: 'via proxy' })
    expect(seen).toEqual(['CONNECT release-storage.invalid:80', 'GET /asset HTTP/1.1'])
  })

  it('reads a proxy without a scheme as http://, as curl does', async () => {
    const { stdout, seen } = await childFetch('http://release-storage.invalid/asset', {}, (url) =>
      url.replace('http://', ''),
    )
    expect(JSON.parse(stdout)).toEqual({ on: true, r: 'via proxy' })
    expect(seen[0]).toBe('CONNECT release-storage.invalid:80')
  })

  it('warns, never throws, on a proxy value Node refuses', async () => {
    const { stdout, stderr, seen } = await childFetch('http://127.0.0.1:9/never', {}, () => 'http://[bad')
    expect(JSON.parse(stdout).on).toBe(false)
    expect(stderr).toContain('Node refused it')
    expect(seen).toEqual([])
  })

  it('leaves a host NO_PROXY names direct', async () => {
    const direct = createServer((_req, res) => res.end('direct'))
    direct.listen(0, '127.0.0.1')
    await once(direct, 'listening')
    try {
      const target = `http://127.0.0.1:${(direct.address() as AddressInfo).port}/asset`
      const { stdout, seen } = await childFetch(target, { NO_PROXY: '127.0.0.1' })
      expect(JSON.parse(stdout)).toEqual({ on: true, r: 'direct' })
      expect(seen).toEqual([])
    } finally {
      direct.close()
    }
  })
})
