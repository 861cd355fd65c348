import { requestJson } from '@postflight/core'
import type { ProposedHashedRekordEntry } from '@sigstore/rekor-types'
import { z } from 'zod'
import type { SigstoreTrustedRoot } from './types.ts'

/** Public-good Rekor, where `cosign sign-blob` logs a keyless signing by default. */
export const PUBLIC_GOOD_REKOR = 'https://rekor.sigstore.dev'

/**
 * The Rekor to search when rekor-url is not given: public-good unless the trusted root is of another
 * Sigstore (staging, a private one), then the first log it lists, the searchable v1 log (the v2 logs
 * listed after it have no search API).
 */
export function defaultRekorUrl(trustedRoot: SigstoreTrustedRoot): string {
  const urls = trustedRoot.root.tlogs.map((t) => t.baseUrl.replace(/\/+$/, ''))
  if (urls.length === 0 || urls.includes(PUBLIC_GOOD_REKOR)) return PUBLIC_GOOD_REKOR
  return urls[0] ?? PUBLIC_GOOD_REKOR
}

const hex64 = z.string().regex(/^[0-9a-fA-F]{64}$/)

/** One entry of Rekor's `LogEntry` map (the shape @sigstore/rekor-types publishes). */
const logEntrySchema = z.object({
  body: z.string().min(1),
  integratedTime: z.number().int().nonnegative(),
  logID: hex64,
  logIndex: z.number().int().nonnegative(),
  verification: z
    .object({
      signedEntryTimestamp: z.string().min(1).optional(),
      inclusionProof: z
        .object({
          logIndex: z.number().int().nonnegative(),
          rootHash: hex64,
          treeSize: z.number().int().positive(),
          hashes: z.array(hex64),
          checkpoint: z.string().min(1),
        })
        .optional(),
    })
    .optional(),
})
const searchAnswerSchema = z.array(z.record(z.string(), logEntrySchema))

export type RekorLogEntry = z.infer<typeof logEntrySchema>

export interface RekorSearch {
  rekorUrl: string
  /** Hex SHA-256 of the signed file. */
  digest: string
  /** The `.sig` content: base64 of the DER signature. */
  signature: string
  /** The PEM certificate. */
  certificatePem: string
  signal?: AbortSignal
}

/**
 * The log entries of exactly this signing: the `hashedrekord` entry cosign sign-blob proposed, looked
 * up with `POST /api/v1/log/entries/retrieve` as cosign verify-blob does. Rekor answers with the
 * entries it holds for that leaf, none when the signing was never logged. Hand-written: the kept
 * Sigstore clients create and fetch entries, but none searches one and hands back bundle material.
 */
export async function searchRekor(
  search: RekorSearch,
): Promise<Array<{ uuid: string; entry: RekorLogEntry }>> {
  const proposed: ProposedHashedRekordEntry = {
    kind: 'hashedrekord',
    apiVersion: '0.0.1',
    spec: {
      signature: {
        content: search.signature,
        publicKey: { content: Buffer.from(search.certificatePem).toString('base64') },
      },
      data: { hash: { algorithm: 'sha256', value: search.digest } },
    },
  }
  const url = `${search.rekorUrl.replace(/\/+$/, '')}/api/v1/log/entries/retrieve`
  const { body } = await requestJson<unknown>(url, {
    json: { entries: [proposed] },
    headers: { accept: 'application/json' },
    ...(search.signal ? { signal: search.signal } : {}),
  })
  const parsed = searchAnswerSchema.safeParse(body)
  if (!parsed.success) {
    throw new Error(
      `${url} answered with something that is not a list of Rekor log entries: ${z.prettifyError(parsed.error)}`,
    )
  }
  return parsed.data.flatMap((map) => Object.entries(map).map(([uuid, entry]) => ({ uuid, entry })))
}
