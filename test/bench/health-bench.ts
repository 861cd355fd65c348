// deploy-healthcheck's waiting, measured against the targets of issue 8:
//   - a service that starts answering 5 s after the wait begins is seen healthy within 500 ms of it
//     (median of BENCH_RUNS runs, default 3), beside wait-on's 250 ms polling on the same service;
//   - 200 HTTP endpoints on loopback checked concurrently with the checker's peak RSS under 200 MB.
// The services run in a child process (their event loop is not the checker's), and so does the
// 200-endpoint checker (its peak RSS is its own). Run alone with `node test/bench/health-bench.ts`;
// sets process.exitCode = 1 when a target is missed.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:http'
import { createServer as createNetServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'

type Health = typeof import('../../actions/deploy-healthcheck/src/health/index.ts')
const HEALTH = path.resolve(import.meta.dirname, '../../actions/deploy-healthcheck/src/health/index.ts')

const SELF = import.meta.filename
const START_DELAY_MS = 5000
const ENDPOINTS = 200
const runs = Number(process.env.BENCH_RUNS ?? '3')
const now = (): number => performance.timeOrigin + performance.now()

// ---- child modes ----------------------------------------------------------------------------------

/** Listens on 127.0.0.1:port after `delay` ms and prints the moment it did. */
async function serveLate(port: number, delay: number): Promise<void> {
  await new Promise((r) => setTimeout(r, delay))
  const server = createServer((_req, res) => res.end('ok'))
  server.listen(port, '127.0.0.1', () => console.log(JSON.stringify({ openedAt: now() })))
}

/** `count` servers on free loopback ports, answering 503 for 300 ms from the first request, then 200. */
async function serveMany(count: number): Promise<void> {
  let healthyAt = 0
  const ports = await Promise.all(
    Array.from({ length: count }, async () => {
      const server = createServer((_req, res) => {
        if (healthyAt === 0) healthyAt = Date.now() + 300
        res.statusCode = Date.now() < healthyAt ? 503 : 200
        res.end(res.statusCode === 200 ? '{"status":"ok"}' : 'starting')
      })
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
      return (server.address() as { port: number }).port
    }),
  )
  console.log(JSON.stringify({ ports }))
}

/** Checks every port at once with the bundled module and prints how it went and this process's peak RSS. */
async function checkMany(bundle: string, ports: number[]): Promise<void> {
  const { checksFromUrls, runHealthChecks } = (await import(pathToFileURL(bundle).href)) as Health
  const started = performance.now()
  const results = await runHealthChecks(checksFromUrls(ports.map((p) => `http://127.0.0.1:${p}/health`)), {
    timeoutMs: 60_000,
    backoff: { initialMs: 200, maxMs: 2000 },
  })
  for (const r of results) if (r.status !== 'healthy') console.error(`${r.name}: ${r.message}`)
  console.log(
    JSON.stringify({
      healthy: results.filter((r) => r.status === 'healthy').length,
      durationMs: performance.now() - started,
      maxRssKiB: process.resourceUsage().maxRSS,
    }),
  )
}

// ---- the bench ------------------------------------------------------------------------------------

function child(args: string[]): { proc: ChildProcess; lines: AsyncIterator<string> } {
  const proc = spawn(process.execPath, [SELF, ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
  const lines = createInterface({ input: proc.stdout as NodeJS.ReadableStream })[Symbol.asyncIterator]()
  return { proc, lines }
}

async function firstJson<T>(lines: AsyncIterator<string>): Promise<T> {
  const { value, done } = await lines.next()
  if (done) throw new Error('the child printed nothing')
  return JSON.parse(value) as T
}

async function freePort(): Promise<number> {
  const s = createNetServer()
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()))
  const { port } = s.address() as { port: number }
  await new Promise<void>((resolve) => s.close(() => resolve()))
  return port
}

/** How long after the late service opened `wait` saw it, in ms. */
async function lateness(wait: (port: number) => Promise<void>): Promise<number> {
  const port = await freePort()
  const server = child(['serve-late', String(port), String(START_DELAY_MS)])
  try {
    const opened = firstJson<{ openedAt: number }>(server.lines)
    await wait(port)
    const seenAt = now()
    return seenAt - (await opened).openedAt
  } finally {
    server.proc.kill()
  }
}

// Loaded only in the bench's own process: the 200-endpoint child measures the bundle alone.
let health: Health
let waitOn: typeof import('wait-on')

const ours = async (port: number): Promise<void> => {
  const { checksFromUrls, runHealthChecks } = health
  // localhost, as users write it: both loopbacks are tried (the service listens on 127.0.0.1).
  const [r] = await runHealthChecks(checksFromUrls([`http://localhost:${port}/`]), { timeoutMs: 30_000 })
  if (r?.status !== 'healthy') throw new Error(`postflight did not see the service: ${r?.message}`)
}
// wait-on as its README shows it, with its default 250 ms interval; 127.0.0.1 so it cannot hang on ::1.
const theirs = (port: number): Promise<void> =>
  waitOn({ resources: [`http-get://127.0.0.1:${port}/`], interval: 250, timeout: 30_000 })

/** Whether each tool finds, via http://localhost, a server bound to one loopback only (wait-on's hang). */
async function localhostRow(host: string): Promise<{ ours: string; theirs: string; ok: boolean }> {
  const { checksFromUrls, runHealthChecks } = health
  const server = createServer((_req, res) => res.end('ok'))
  await new Promise<void>((resolve) =>
    server.listen({ port: 0, host, ipv6Only: host === '::1' }, () => resolve()),
  )
  const url = `http://localhost:${(server.address() as { port: number }).port}/`
  try {
    const started = performance.now()
    const [r] = await runHealthChecks(checksFromUrls([url]), { timeoutMs: 3000 })
    const ours =
      r?.status === 'healthy' ? `healthy in ${(performance.now() - started).toFixed(0)} ms` : `${r?.status}`
    const t = performance.now()
    const theirs = await waitOn({ resources: [url.replace('http:', 'http-get:')], timeout: 3000 }).then(
      () => `seen in ${(performance.now() - t).toFixed(0)} ms`,
      () => 'not seen within 3 s',
    )
    return { ours, theirs, ok: r?.status === 'healthy' }
  } finally {
    server.close()
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2
}

/**
 * The health module bundled as the action ships it (esbuild, ESM, the same require banner as
 * scripts/build-actions.ts), so the RSS measured is the action's, not TypeScript sources' loaded one by one.
 */
async function bundleHealth(dir: string): Promise<string> {
  const outfile = path.join(dir, 'health.mjs')
  await build({
    entryPoints: [HEALTH],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    logLevel: 'warning',
    banner: {
      js: "import { createRequire as __pfRequire } from 'node:module'; const require = __pfRequire(import.meta.url);",
    },
  })
  return outfile
}

async function bench(): Promise<void> {
  health = (await import(pathToFileURL(HEALTH).href)) as Health
  waitOn = (await import('wait-on')).default
  const oursMs: number[] = []
  const theirsMs: number[] = []
  for (let i = 0; i < runs; i++) {
    // Alternated, so neither profits from running second.
    oursMs.push(await lateness(ours))
    theirsMs.push(await lateness(theirs))
  }

  const v4 = await localhostRow('127.0.0.1')
  const v6 = await localhostRow('::1')

  const dir = await mkdtemp(path.join(os.tmpdir(), 'postflight-health-bench-'))
  const servers = child(['serve-many', String(ENDPOINTS)])
  let many: { healthy: number; durationMs: number; maxRssKiB: number }
  try {
    const bundle = await bundleHealth(dir)
    const { ports } = await firstJson<{ ports: number[] }>(servers.lines)
    const checker = child(['check-many', bundle, JSON.stringify(ports)])
    many = await firstJson(checker.lines)
  } finally {
    servers.proc.kill()
    await rm(dir, { recursive: true, force: true })
  }

  const latency = median(oursMs)
  const latencyOk = latency <= 500
  const rssMB = (many.maxRssKiB * 1024) / 1e6
  const manyOk = many.healthy === ENDPOINTS && rssMB < 200
  const show = (xs: number[]): string => xs.map((x) => x.toFixed(0)).join(', ')
  console.log(`\ndeploy-healthcheck bench — median of ${runs} runs`)
  console.log(
    '| benchmark | postflight | wait-on (250 ms polling) | wait-on ÷ postflight | target | verdict |',
  )
  console.log('|---|---|---|---|---|---|')
  console.log(
    `| service answering after ${START_DELAY_MS / 1000} s: seen healthy after it opened | ${latency.toFixed(0)} ms (${show(oursMs)}) | ${median(theirsMs).toFixed(0)} ms (${show(theirsMs)}) | ${(median(theirsMs) / Math.max(latency, 1)).toFixed(1)}x | ≤ 500 ms | ${latencyOk ? 'met' : 'MISSED'} |`,
  )
  console.log(
    `| ${ENDPOINTS} HTTP endpoints checked concurrently (503 for the first 300 ms, then 200; default backoff; bundled module) | ${many.healthy}/${ENDPOINTS} healthy in ${(many.durationMs / 1000).toFixed(2)} s, peak RSS ${rssMB.toFixed(0)} MB | — | — | all healthy, RSS < 200 MB | ${manyOk ? 'met' : 'MISSED'} |`,
  )
  for (const [host, row] of [
    ['127.0.0.1', v4],
    ['::1', v6],
  ] as const) {
    console.log(
      `| http://localhost/ with the service on ${host} only | ${row.ours} | ${row.theirs} | — | found | ${row.ok ? 'met' : 'MISSED'} |`,
    )
  }
  if (!latencyOk || !manyOk || !v4.ok || !v6.ok) process.exitCode = 1
}

const [mode, a, b] = process.argv.slice(2)
if (mode === 'serve-late') await serveLate(Number(a), Number(b))
else if (mode === 'serve-many') await serveMany(Number(a))
else if (mode === 'check-many') await checkMany(a ?? '', JSON.parse(b ?? '[]') as number[])
else await bench()
