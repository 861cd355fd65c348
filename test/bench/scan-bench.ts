// container-scan's image side at scale (issue 7), each measured in a child process so its peak RSS
// is that work's own:
//   - a whole scan of an image of ~400 packages (300 dpkg, 100 npm) against 50,000 OSV records
//     (a zip in the shape of osv.dev's all.zip): layers read, inventory, DB load, match, gate;
//     target < 2 s
//   - a 1 GiB layer (one executable file, so it also passes the Go build info scanner) streamed
//     through digest check, gunzip and tar: target peak RSS < 300 MB
// Nothing comparable runs here (no trivy or grype), so absolute numbers are printed against the
// targets. BENCH_RUNS (default 3; best run counts); BENCH_SCALE shrinks the big layer.
// Run alone with `node test/bench/scan-bench.ts`. Sets process.exitCode = 1 when a target is missed.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import zlib from 'node:zlib'
import { writeStoredZip } from '../../actions/container-scan/src/vuln/__tests__/make-zip.ts'
import { baseLayer, type LayerFiles, writeImageLayout } from '../helpers/oci-images.ts'

const MiB = 1024 * 1024
const RECORDS = 50_000
const runs = Number(process.env.BENCH_RUNS ?? '3')
const scale = Number(process.env.BENCH_SCALE ?? '1')

/** 300 dpkg packages and 100 npm packages, some of them at versions the records below affect. */
function packageLayer(): LayerFiles {
  const stanzas = Array.from(
    { length: 300 },
    (_, i) =>
      `Package: pkg${i}\nStatus: install ok installed\nArchitecture: amd64\nSource: src${i % 150}\nVersion: 1.${i % 7}.${i % 13}-${i % 3}+deb12u1\nDescription: package ${i}\n`,
  )
  const files: LayerFiles = { 'var/lib/dpkg/status': stanzas.join('\n') }
  for (let i = 0; i < 100; i++) {
    files[`app/node_modules/npm${i}/package.json`] = JSON.stringify({
      name: `npm${i}`,
      version: `2.${i % 9}.${i % 5}`,
      license: 'MIT',
    })
  }
  return files
}

/** OSV records for Debian:12 source packages and npm packages, most of them about names the image lacks. */
function records(): Array<{ name: string; data: string }> {
  const out = []
  for (let i = 0; i < RECORDS; i++) {
    const debian = i % 2 === 0
    const id = debian ? `DEBIAN-CVE-2026-${i}` : `GHSA-bench-${i.toString(36).padStart(4, '0')}-xxxx`
    const name = debian ? `src${i % 3000}` : `npm${i % 1000}`
    const record = {
      schema_version: '1.6.0',
      id,
      modified: '2026-11-01T00:00:00Z',
      published: '2026-10-01T00:00:00Z',
      aliases: [`CVE-2026-${i}`],
      summary: `synthetic advisory ${i}`,
      details: 'x'.repeat(200),
      ...(debian
        ? {}
        : { severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }] }),
      affected: [
        {
          package: { ecosystem: debian ? 'Debian:12' : 'npm', name },
          ranges: [
            {
              type: debian ? 'ECOSYSTEM' : 'SEMVER',
              events: [{ introduced: '0' }, { fixed: debian ? `1.${i % 5}.0-1` : `2.${i % 8}.0` }],
            },
          ],
        },
      ],
    }
    out.push({ name: `${id}.json`, data: JSON.stringify(record) })
  }
  return out
}

/** One layer holding one executable of `size` zero bytes, gzip-compressed as it is written. */
async function bigLayerLayout(dir: string, size: number): Promise<void> {
  const blobs = path.join(dir, 'blobs', 'sha256')
  await mkdir(blobs, { recursive: true })
  const header = Buffer.alloc(512)
  header.write('usr/local/bin/big', 0, 100)
  const octal = (o: number, l: number, n: number) =>
    header.write(`${n.toString(8).padStart(l - 1, '0')}\0`, o, l)
  octal(100, 8, 0o755)
  octal(108, 8, 0)
  octal(116, 8, 0)
  octal(124, 12, size)
  octal(136, 12, 0)
  header.write('        ', 148, 8)
  header.write('0', 156, 1)
  header.write('ustar\u000000', 257, 8)
  let sum = 0
  for (const b of header) sum += b
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8)
  const plainHash = createHash('sha256')
  const gzHash = createHash('sha256')
  let gzSize = 0
  async function* tarStream() {
    plainHash.update(header)
    yield header
    const chunk = Buffer.alloc(4 * MiB)
    for (let left = size; left > 0; left -= chunk.length) {
      const part = left >= chunk.length ? chunk : chunk.subarray(0, left)
      plainHash.update(part)
      yield part
    }
    const tail = Buffer.alloc(((512 - (size % 512)) % 512) + 1024)
    plainHash.update(tail)
    yield tail
  }
  const tmp = path.join(blobs, 'layer.tmp')
  await pipeline(
    tarStream,
    zlib.createGzip({ level: 1 }),
    async function* (source: AsyncIterable<Buffer>) {
      for await (const c of source) {
        gzHash.update(c)
        gzSize += c.length
        yield c
      }
    },
    createWriteStream(tmp),
  )
  const layerDigest = gzHash.digest('hex')
  await rename(tmp, path.join(blobs, layerDigest))
  const put = async (value: object) => {
    const data = Buffer.from(JSON.stringify(value))
    const hex = createHash('sha256').update(data).digest('hex')
    await writeFile(path.join(blobs, hex), data)
    return { digest: `sha256:${hex}`, size: data.length }
  }
  const config = await put({
    os: 'linux',
    architecture: 'amd64',
    config: { User: '1000' },
    rootfs: { type: 'layers', diff_ids: [`sha256:${plainHash.digest('hex')}`] },
  })
  const manifest = await put({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
    layers: [
      {
        mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
        digest: `sha256:${layerDigest}`,
        size: gzSize,
      },
    ],
  })
  await writeFile(path.join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }))
  await writeFile(
    path.join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...manifest }],
    }),
  )
}

/** In the child: one engine run, its time and the process's peak RSS, as JSON on stdout. */
async function child(archive: string, osvDb: string | undefined, results: string): Promise<void> {
  const { executeSuite } = await import('../../packages/core/src/index.ts')
  const { scanSpec } = await import('../../actions/container-scan/src/index.ts')
  const started = performance.now()
  const cpu = process.cpuUsage()
  const execution = await executeSuite(scanSpec, {
    raw: { archive, 'results-dir': results, ...(osvDb ? { 'osv-db': osvDb } : {}), policy: 'labels: off' },
    style: 'cli',
    sink: () => {},
  })
  const ms = performance.now() - started
  const inventory = execution.result.checks.find((c) => c.id.startsWith('inventory:'))
  process.stdout.write(
    JSON.stringify({
      ms,
      // CPU time tells the work's own cost apart from waiting on a busy machine's other processes.
      cpuMs: (process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1000,
      rssMb: process.resourceUsage().maxRSS / 1024,
      packages: execution.result.metrics?.packages?.value,
      findings: execution.result.metrics?.findings?.value,
      inventory: inventory?.status,
      message: inventory?.message,
    }),
  )
}

function measure(archive: string, osvDb: string | undefined, results: string) {
  const r = spawnSync(process.execPath, [import.meta.filename, '--child', archive, osvDb ?? '', results], {
    encoding: 'utf8',
    maxBuffer: 16 * MiB,
  })
  if (r.status !== 0) throw new Error(`bench child exited ${r.status}: ${r.stderr}`)
  return JSON.parse(r.stdout) as {
    ms: number
    cpuMs: number
    rssMb: number
    packages: number
    findings: number
    inventory: string
    message: string
  }
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'scan-bench-'))
  try {
    const zip = path.join(dir, 'osv.zip')
    await writeStoredZip(zip, records())
    const image = path.join(dir, 'image')
    await writeImageLayout(image, 'bench', [
      { os: 'linux', architecture: 'amd64', layers: [baseLayer(), packageLayer()] },
    ])
    let best = Number.POSITIVE_INFINITY
    let bestCpu = Number.POSITIVE_INFINITY
    let last: ReturnType<typeof measure> | undefined
    for (let i = 0; i < runs; i++) {
      last = measure(image, zip, path.join(dir, 'results'))
      best = Math.min(best, last.ms)
      bestCpu = Math.min(bestCpu, last.cpuMs)
    }
    const scanOk = best < 2000 && last?.inventory === 'pass'
    // The same scan without the database: what the image side (layers, inventory, policy) costs alone.
    const imageOnly = measure(image, undefined, path.join(dir, 'results'))
    console.log(
      `image side alone (layers, inventory of ${imageOnly.packages} packages, policy): ${Math.round(imageOnly.ms)} ms`,
    )
    console.log(
      `scan of ${last?.packages} packages against ${RECORDS} OSV records: ${Math.round(best)} ms (target < 2000 ms; CPU ${Math.round(bestCpu)} ms, load average ${os.loadavg()[0]?.toFixed(1)} on ${os.cpus().length} cores), ${last?.findings} findings, ${Math.round(last?.rssMb ?? 0)} MB peak RSS ${scanOk ? 'OK' : 'MISSED'}`,
    )
    const size = Math.round(1024 * MiB * scale)
    const big = path.join(dir, 'big')
    await bigLayerLayout(big, size)
    const streamed = measure(big, undefined, path.join(dir, 'results-big'))
    const bigOk = streamed.rssMb < 300 && streamed.inventory === 'pass'
    console.log(
      `a ${Math.round(size / MiB)} MiB layer streamed in ${Math.round(streamed.ms)} ms: ${Math.round(streamed.rssMb)} MB peak RSS (target < 300 MB) ${bigOk ? 'OK' : 'MISSED'}`,
    )
    if (!scanOk || !bigOk) process.exitCode = 1
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

if (process.argv[2] === '--child') {
  await child(process.argv[3] as string, process.argv[4] || undefined, process.argv[5] as string)
} else {
  await main()
}
