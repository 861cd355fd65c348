// A loopback TUF repository (TUF 1.0 metadata signed with a fresh Ed25519 key, no consistent
// snapshots) serving the given targets, for offline: false tests. It counts the requests it gets.
import { createHash, generateKeyPairSync, sign } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'

/** OLPC canonical JSON, which TUF signs: sorted keys, no whitespace, only `"` and `\` escaped. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${canonical(k)}:${canonical(v)}`).join(',')}}`
  }
  if (typeof value === 'string') return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`
  return String(value)
}

export interface TufRepo {
  url: string
  /** The root.json to trust the repository from (tuf-root). */
  rootFile: string
  hits: string[]
  close: () => Promise<void>
}

/**
 * Serves `targets`; `served` replaces a target's bytes after its hashes were signed (a tampered
 * mirror), `expired` signs metadata that has already expired.
 */
export async function startTufRepo(
  dir: string,
  targets: Record<string, Buffer>,
  options: { served?: Record<string, Buffer>; expired?: boolean } = {},
): Promise<TufRepo> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x as string, 'base64url').toString('hex')
  const key = { keytype: 'ed25519', scheme: 'ed25519', keyval: { public: raw } }
  const keyid = createHash('sha256').update(canonical(key)).digest('hex')
  const when = new Date(Date.now() + (options.expired ? -1 : 1) * 24 * 3600 * 1000)
  const expires = `${when.toISOString().slice(0, 19)}Z`
  const common = { spec_version: '1.0.31', version: 1, expires }
  const signed = (body: Record<string, unknown>): string => {
    const sig = sign(null, Buffer.from(canonical(body)), privateKey).toString('hex')
    return JSON.stringify({ signatures: [{ keyid, sig }], signed: body })
  }
  const role = { keyids: [keyid], threshold: 1 }
  const files: Record<string, Buffer | string> = {
    'root.json': signed({
      _type: 'root',
      ...common,
      consistent_snapshot: false,
      keys: { [keyid]: key },
      roles: { root: role, targets: role, snapshot: role, timestamp: role },
    }),
    'targets.json': signed({
      _type: 'targets',
      ...common,
      targets: Object.fromEntries(
        Object.entries(targets).map(([name, data]) => [
          name,
          {
            length: data.length,
            hashes: {
              sha256: createHash('sha256').update(data).digest('hex'),
              sha512: createHash('sha512').update(data).digest('hex'),
            },
          },
        ]),
      ),
    }),
    'snapshot.json': signed({ _type: 'snapshot', ...common, meta: { 'targets.json': { version: 1 } } }),
    'timestamp.json': signed({ _type: 'timestamp', ...common, meta: { 'snapshot.json': { version: 1 } } }),
  }
  for (const [name, data] of Object.entries({ ...targets, ...options.served }))
    files[`targets/${name}`] = data
  const hits: string[] = []
  const server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`)
    const body = files[(req.url ?? '/').slice(1)]
    if (body === undefined) res.writeHead(404).end()
    else res.writeHead(200).end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const rootFile = path.join(dir, 'tuf-root.json')
  await writeFile(rootFile, files['root.json'] as string)
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    rootFile,
    hits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
