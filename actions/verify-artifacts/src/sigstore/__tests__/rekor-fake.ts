import { createHash } from 'node:crypto'
import { once } from 'node:events'
import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { LogEntry, ProposedHashedRekordEntry, SearchLogQuery } from '@sigstore/rekor-types'

export type Entry = LogEntry[string]

const b64ToHex = (b64: string): string => Buffer.from(b64, 'base64').toString('hex')

/**
 * A real public-good Rekor entry, as Rekor's API serves it (`LogEntry`: hex ids and hashes, numbers),
 * taken from a conformance bundle that embeds it (base64 ids, strings). The uuid is the entry's
 * Merkle leaf hash, as Rekor names entries.
 */
export async function logEntryFromBundle(bundleFile: string): Promise<{ uuid: string; entry: Entry }> {
  const bundle = JSON.parse(await readFile(bundleFile, 'utf8'))
  const t = bundle.verificationMaterial.tlogEntries[0]
  const proof = t.inclusionProof
  const entry: Entry = {
    body: t.canonicalizedBody,
    integratedTime: Number(t.integratedTime),
    logID: b64ToHex(t.logId.keyId),
    logIndex: Number(t.logIndex),
    verification: {
      signedEntryTimestamp: t.inclusionPromise.signedEntryTimestamp,
      inclusionProof: {
        logIndex: Number(proof.logIndex),
        rootHash: b64ToHex(proof.rootHash),
        treeSize: Number(proof.treeSize),
        hashes: proof.hashes.map(b64ToHex),
        checkpoint: proof.checkpoint.envelope,
      },
    },
  }
  const leaf = createHash('sha256')
    .update(Buffer.concat([Buffer.from([0]), Buffer.from(t.canonicalizedBody, 'base64')]))
    .digest('hex')
  return { uuid: leaf, entry }
}

/** The DER of a PEM certificate (or of base64 of one), to compare certificates however they are armoured. */
function certificateDer(content: string): string {
  const pem = Buffer.from(content, 'base64').toString('utf8')
  return pem.replace(/-----[A-Z ]+-----|\s/g, '')
}

export interface RekorFake {
  url: string
  /** Every search body received. */
  searches: SearchLogQuery[]
  close(): Promise<void>
}

/**
 * A loopback Rekor answering `POST /api/v1/log/entries/retrieve` as Rekor does for `entries`: the
 * stored entries whose hashedrekord body has the proposed digest, signature and certificate.
 * `answer` replaces that lookup (a lying or failing log).
 */
export async function startRekorFake(
  entries: Array<{ uuid: string; entry: Entry }>,
  answer?: () => { status: number; body: unknown },
): Promise<RekorFake> {
  const searches: SearchLogQuery[] = []
  const server: Server = createServer((req, res) => {
    let text = ''
    req.on('data', (c) => {
      text += c
    })
    req.on('end', () => {
      const send = (status: number, body: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
      if (req.method !== 'POST' || req.url !== '/api/v1/log/entries/retrieve') {
        send(404, { code: 404, message: 'not found' })
        return
      }
      if (req.headers['content-type'] !== 'application/json') {
        send(400, { code: 400, message: 'content-type must be application/json' })
        return
      }
      const query = JSON.parse(text) as SearchLogQuery
      searches.push(query)
      if (answer) {
        const a = answer()
        send(a.status, a.body)
        return
      }
      const found: LogEntry[] = []
      for (const proposed of (query.entries ?? []) as ProposedHashedRekordEntry[]) {
        const spec = proposed.spec
        for (const { uuid, entry } of entries) {
          const body = JSON.parse(Buffer.from(entry.body, 'base64').toString('utf8'))
          if (
            proposed.kind === body.kind &&
            proposed.apiVersion === body.apiVersion &&
            spec.data.hash?.value === body.spec.data.hash.value &&
            spec.signature.content === body.spec.signature.content &&
            certificateDer(spec.signature.publicKey?.content ?? '') ===
              certificateDer(body.spec.signature.publicKey.content)
          )
            found.push({ [uuid]: entry })
        }
      }
      send(200, found)
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    searches,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
