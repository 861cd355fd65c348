// The webhook against a loopback receiver that does what a real one should: verify the HMAC over
// the raw body, and drop a delivery whose event_uuid it has already seen.
import { createHmac, timingSafeEqual } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { executeSuite } from '@postflight/core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { check, leg, writeLegs } from '../actions/report/src/__tests__/make-results.ts'
import { makeReportSpec } from '../actions/report/src/index.ts'
import { createPublisher } from '../actions/report/src/publish.ts'

const SECRET = 'whsec_correct-horse-battery'

interface Delivery {
  verified: boolean
  duplicate: boolean
  event: {
    event_uuid: string
    event_type: string
    trace_id: string
    timestamp: string
    summary: { status: string }
  }
}

let root: string
let server: Server
let url: string
let deliveries: Delivery[]
let failures: number
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pf-webhook-'))
  deliveries = []
  failures = 0
  const seen = new Set<string>()
  server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const raw = Buffer.concat(chunks)
      const expected = Buffer.from(`sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}`)
      const got = Buffer.from(String(req.headers['x-postflight-signature'] ?? ''))
      const verified = got.length === expected.length && timingSafeEqual(got, expected)
      const event = JSON.parse(raw.toString('utf8')) as Delivery['event']
      deliveries.push({ verified, duplicate: seen.has(event.event_uuid), event })
      if (failures-- > 0) {
        // Seen but answered with an error: the sender must retry the same event.
        res.writeHead(503).end()
        return
      }
      seen.add(event.event_uuid)
      res.writeHead(verified ? 204 : 401).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/postflight`
})
afterEach(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
  await rm(root, { recursive: true, force: true })
})

async function report(raw: Record<string, string>, status: 'pass' | 'fail' = 'fail') {
  const results = path.join(root, 'in')
  await writeLegs(results, [leg('verify-artifacts', 'linux-x64', [check('checksum:app.tar.gz', status)])])
  const env = { GITHUB_REPOSITORY: 'acme/app', GITHUB_RUN_ID: '7', GITHUB_RUN_ATTEMPT: '1' }
  const spec = makeReportSpec({ env, publish: createPublisher({ env, retry: { baseMs: 5, maxMs: 20 } }) })
  const execution = await executeSuite(spec, {
    raw: { results, 'out-dir': path.join(root, 'out'), 'results-dir': path.join(root, 'own'), ...raw },
    style: 'action',
    sink: () => {},
    env: {},
  })
  return { execution, webhook: execution.result.checks.find((c) => c.id === 'publish:webhook') }
}

describe('the webhook', () => {
  it('is signed so the receiver verifies it, and carries the event fields', async () => {
    const { webhook } = await report({ publish: 'webhook', 'webhook-url': url, 'webhook-secret': SECRET })
    expect(webhook?.status).toBe('pass')
    expect(deliveries).toHaveLength(1)
    const [d] = deliveries
    expect(d?.verified).toBe(true)
    expect(d?.event.event_type).toBe('postflight.report')
    expect(d?.event.event_uuid).toMatch(/^[0-9a-f-]{36}$/)
    expect(d?.event.trace_id).toMatch(/^[0-9a-f]{32}$/)
    expect(Date.parse(d?.event.timestamp ?? '')).not.toBeNaN()
    expect(d?.event.summary.status).toBe('fail')
  })

  it('retries a failed delivery with the same event_uuid, so the receiver can drop a duplicate', async () => {
    failures = 2
    const { webhook } = await report({ publish: 'webhook', 'webhook-url': url, 'webhook-secret': SECRET })
    expect(webhook?.message).toMatch(/after 3 attempts/)
    expect(new Set(deliveries.map((d) => d.event.event_uuid)).size).toBe(1)
    expect(deliveries.every((d) => d.verified)).toBe(true)
  })

  it('a receiver that keeps failing is a warning: the verdict and exit code stand', async () => {
    failures = 100
    const { webhook, execution } = await report({ publish: 'webhook', 'webhook-url': url }, 'pass')
    expect(webhook?.status).toBe('warn')
    expect(webhook?.message).toMatch(/HTTP 503/)
    expect(deliveries).toHaveLength(4)
    expect(execution.exitCode).toBe(0)
    expect(execution.result.status).toBe('warn')
  })

  it('a wrong secret is refused by the receiver and reported, not retried', async () => {
    const { webhook } = await report({
      publish: 'webhook',
      'webhook-url': url,
      'webhook-secret': 'not-the-secret',
    })
    expect(webhook?.status).toBe('warn')
    expect(deliveries.map((d) => d.verified)).toEqual([false])
  })

  it('publish: webhook without webhook-url is a bad input', async () => {
    const { execution } = await report({ publish: 'webhook' })
    expect(execution.exitCode).toBe(2)
    expect(execution.error?.message).toMatch(/'webhook-url' is not given/)
  })
})
