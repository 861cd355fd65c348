import dns from 'node:dns'
import http from 'node:http'
import https from 'node:https'
import net from 'node:net'
import tls from 'node:tls'

type Patchable = Record<string, unknown>

/**
 * Replaces every way Node reaches the network (fetch, http/https, raw sockets, DNS) with functions that
 * record the attempt and throw, runs `fn`, then restores them. The caller asserts `attempts` is empty:
 * a throw alone could be swallowed by the code under test.
 */
export async function withoutNetwork<T>(fn: () => Promise<T>): Promise<{ result: T; attempts: string[] }> {
  const attempts: string[] = []
  const targets: [Patchable, string, string][] = [
    [globalThis as unknown as Patchable, 'fetch', 'fetch'],
    [http as unknown as Patchable, 'request', 'http.request'],
    [http as unknown as Patchable, 'get', 'http.get'],
    [https as unknown as Patchable, 'request', 'https.request'],
    [https as unknown as Patchable, 'get', 'https.get'],
    [net as unknown as Patchable, 'connect', 'net.connect'],
    [net as unknown as Patchable, 'createConnection', 'net.createConnection'],
    [tls as unknown as Patchable, 'connect', 'tls.connect'],
    [dns as unknown as Patchable, 'lookup', 'dns.lookup'],
  ]
  const saved = targets.map(([owner, key]) => owner[key])
  for (const [owner, key, label] of targets) {
    owner[key] = (...args: unknown[]) => {
      attempts.push(`${label}(${String(args[0])})`)
      throw new Error(`network access during an offline verification: ${label}`)
    }
  }
  try {
    return { result: await fn(), attempts }
  } finally {
    targets.forEach(([owner, key], i) => {
      owner[key] = saved[i]
    })
  }
}
