// A real redis-server for the tests, on 127.0.0.1 and a free port, without persistence, optionally
// with a password (requirepass). Stopped with SIGTERM; waited for so no server outlives its test file.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { runProcess } from '@postflight/core'
import { freePort } from '../registries/free-port.ts'

export interface RedisServer {
  port: number
  /** redis:// (rediss:// with TLS), with the password when there is one. */
  url: string
  /** With TLS: the self-signed certificate (PEM) for 127.0.0.1 and localhost it serves. */
  certFile?: string
  stop: () => Promise<void>
}

function ready(child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let log = ''
    const timer = setTimeout(
      () => reject(new Error(`redis-server not ready within ${timeoutMs} ms:\n${log}`)),
      timeoutMs,
    )
    child.stdout?.on('data', (chunk: Buffer) => {
      log += chunk.toString()
      if (log.includes('Ready to accept connections')) {
        clearTimeout(timer)
        resolve()
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`redis-server exited ${code}:\n${log}`))
    })
  })
}

/** Starts redis-server; with `password` it requires AUTH, with `tls` it speaks only TLS (no client certificates). */
export async function startRedis(password?: string, tls = false): Promise<RedisServer> {
  const port = await freePort()
  const args = ['--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']
  let dir: string | undefined
  let certFile: string | undefined
  if (tls) {
    dir = await mkdtemp(path.join(os.tmpdir(), 'postflight-redis-'))
    certFile = path.join(dir, 'cert.pem')
    const key = path.join(dir, 'key.pem')
    const made = await runProcess('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      certFile,
      '-days',
      '2',
      '-subj',
      '/CN=postflight test redis',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ])
    if (made.exitCode !== 0) throw new Error(`openssl failed: ${made.stderr}`)
    args.push('--port', '0', '--tls-port', String(port), '--tls-cert-file', certFile, '--tls-key-file', key)
    args.push('--tls-auth-clients', 'no')
  } else {
    args.push('--port', String(port))
  }
  if (password !== undefined) args.push('--requirepass', password)
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] })
  await ready(child, 15_000)
  const auth = password === undefined ? '' : `:${encodeURIComponent(password)}@`
  return {
    port,
    url: `${tls ? 'rediss' : 'redis'}://${auth}127.0.0.1:${port}`,
    ...(certFile === undefined ? {} : { certFile }),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        await exited
      }
      if (dir !== undefined) await rm(dir, { recursive: true, force: true })
    },
  }
}
