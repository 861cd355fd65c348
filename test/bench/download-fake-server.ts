// The GitHub fake serving one release of `<MiB>` random bytes plus its SHA256SUMS, in its own process
// so the bench's children are not forked from a process holding the whole asset (Linux keeps the
// pre-exec peak in ru_maxrss, which would make every child look as big as this one).
// Prints one JSON line { apiUrl, assetUrl, sums } once it listens.
import { randomFillSync } from 'node:crypto'
import { startGithubFake } from '../github-fake/server.ts'
import { sha256Hex } from '../github-fake/storage.ts'

const MiB = 1024 * 1024
const size = Math.round(Number(process.argv[2]) * MiB)
const data = Buffer.allocUnsafe(size)
// Filled through subarrays: randomFillSync refuses offsets past 2 GiB, and BENCH_SCALE=4 shows RSS stays flat.
for (let at = 0; at < size; at += 64 * MiB) randomFillSync(data.subarray(at, Math.min(at + 64 * MiB, size)))
const sums = `${sha256Hex(data)}  big.bin\n`
const fake = await startGithubFake({
  releases: [
    {
      tag: 'v1.0.0',
      assets: [
        { name: 'big.bin', data },
        { name: 'SHA256SUMS', data: Buffer.from(sums) },
      ],
    },
  ],
})
process.stdout.write(
  `${JSON.stringify({ apiUrl: fake.apiUrl, assetUrl: `${fake.apiUrl}/repos/acme/app/releases/assets/5000`, sums })}\n`,
)
process.on('SIGTERM', () => {
  const violations = fake.violations.length
  void fake.close().then(() => process.exit(violations > 0 ? 3 : 0))
})
